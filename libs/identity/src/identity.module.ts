import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@probity/audit';
import { AcademiesService } from './academies.service';
import { AuthService } from './auth.service';
import { Academy } from './entities/academy.entity';
import { LoginFailure } from './entities/login-attempt.entity';
import { User } from './entities/user.entity';
import { WebSession } from './entities/web-session.entity';
import { ApiAuthGuard, PageAuthGuard, TokenAuthGuard } from './guards';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([Academy, User, WebSession, LoginFailure]), AuditModule],
  providers: [AcademiesService, UsersService, AuthService, ApiAuthGuard, PageAuthGuard, TokenAuthGuard],
  exports: [AcademiesService, UsersService, AuthService, ApiAuthGuard, PageAuthGuard, AuditModule],
})
export class IdentityModule {}
