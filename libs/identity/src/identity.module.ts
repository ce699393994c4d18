import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@probity/audit';
import { AcademiesService } from './academies.service';
import { AccountsService } from './accounts.service';
import { AuthService } from './auth.service';
import { Academy } from './entities/academy.entity';
import { LoginThrottleEntry } from './entities/login-throttle.entity';
import { RevokedToken } from './entities/revoked-token.entity';
import { User } from './entities/user.entity';
import { WebSession } from './entities/web-session.entity';
import { ApiAuthGuard, PageAuthGuard, TokenAuthGuard } from './guards';
import { LoginThrottle } from './login-throttle';
import { AcademiesRepository } from './repositories/academies.repository';
import { LoginThrottlesRepository } from './repositories/login-throttles.repository';
import { SessionsRepository } from './repositories/sessions.repository';
import { UsersRepository } from './repositories/users.repository';
import { UsersService } from './users.service';

/** Repositories stay inside the module: other contexts reach identity's data only through its services. */
const repositories = [AcademiesRepository, UsersRepository, SessionsRepository, LoginThrottlesRepository];

@Module({
  imports: [TypeOrmModule.forFeature([Academy, User, WebSession, LoginThrottleEntry, RevokedToken]), AuditModule],
  providers: [
    ...repositories,
    AcademiesService,
    UsersService,
    AuthService,
    AccountsService,
    LoginThrottle,
    ApiAuthGuard,
    PageAuthGuard,
    TokenAuthGuard,
  ],
  exports: [AcademiesService, UsersService, AuthService, AccountsService, ApiAuthGuard, PageAuthGuard, AuditModule],
})
export class IdentityModule {}
