import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Auth, AuthService, type AuthUser, CurrentUser, LoginDto } from '@probity/identity';

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ description: '{accessToken, user:{id,email,fullName,roles,academyId,locale}}' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed logins for this account or address' })
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<unknown> {
    return this.auth.login(dto.email, dto.password, request.ip);
  }

  @Get('me')
  @Auth()
  @ApiOkResponse({ description: 'The signed-in user' })
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }
}
