import { ApiProperty } from '@nestjs/swagger';
import type { UserView } from '@probity/identity';
import { UserResponseDto, mapUser } from './users.response';

export class AccessTokenResponseDto {
  @ApiProperty({ description: 'Bearer token: send `Authorization: Bearer <token>`' })
  accessToken: string;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Bearer token, valid for 8 hours' })
  accessToken: string;

  @ApiProperty({ type: UserResponseDto })
  user: UserResponseDto;
}

export function mapLogin(login: { accessToken: string; user: UserView }): LoginResponseDto {
  return { accessToken: login.accessToken, user: mapUser(login.user) };
}

export function mapAccessToken(answer: { accessToken: string }): AccessTokenResponseDto {
  return { accessToken: answer.accessToken };
}
