import { Body, Controller, Get, HttpCode, Post, Put, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  AccountsService,
  Auth,
  AuthService,
  type AuthUser,
  ChangePasswordDto,
  CurrentToken,
  CurrentUser,
  LoginDto,
  type TokenClaims,
} from '@probity/identity';
import { AccessTokenResponseDto, LoginResponseDto, mapAccessToken, mapLogin } from './dto/auth.response';
import { SignedInUserResponseDto, mapSignedInUser } from './dto/users.response';

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly accounts: AccountsService,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in: a bearer token valid for 8 hours',
    description:
      'Attempts are counted per account and client address (an IPv6 /64 counts as one address) before the password is checked: ' +
      'after 5 from one address that address waits 1 minute, then each failure doubles the wait (up to 60 minutes); ' +
      'other addresses are not affected. At most 30 attempts per address in 15 minutes over all accounts.',
  })
  @ApiOkResponse({ type: LoginResponseDto, description: '{accessToken, user:{id,email,fullName,roles,academyId,locale}}' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this account from this address, or from this address: wait' })
  async login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<LoginResponseDto> {
    return mapLogin(await this.auth.login(dto.email, dto.password, request.ip));
  }

  @Post('auth/logout')
  @HttpCode(204)
  @Auth()
  @ApiOperation({ summary: 'Sign out: the token presented is revoked at once (other tokens of the same person stay valid)' })
  @ApiNoContentResponse({ description: 'The token no longer counts' })
  logout(@CurrentToken() token: TokenClaims): Promise<void> {
    return this.auth.revokeToken(token);
  }

  @Get('me')
  @Auth()
  @ApiOkResponse({ type: SignedInUserResponseDto, description: 'The signed-in user' })
  me(@CurrentUser() user: AuthUser): SignedInUserResponseDto {
    return mapSignedInUser(user);
  }

  @Put('me/password')
  @Auth()
  @ApiOperation({
    summary: 'Change one’s own password',
    description:
      'The current password is required (and counted like a login attempt). Every token of the person (this one too) ' +
      'and every page session end; the answer carries a new token.',
  })
  @ApiOkResponse({ type: AccessTokenResponseDto, description: '{accessToken}: a new token; the one presented no longer counts' })
  @ApiBadRequestResponse({ description: 'The current password is wrong, or the new one breaks the password policy' })
  @ApiTooManyRequestsResponse({ description: 'Too many wrong passwords from this address: wait' })
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<AccessTokenResponseDto> {
    return mapAccessToken(await this.accounts.changePassword(user, dto, request.ip));
  }
}
