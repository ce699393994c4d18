import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Req } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { BadInput } from '@probity/i18n';
import {
  AccountsService,
  Auth,
  type AuthUser,
  CreateUserDto,
  CurrentUser,
  type RequestLike,
  ResetPasswordDto,
  SetRolesDto,
  UpdateUserProfileDto,
  UserListQueryDto,
  UsersService,
} from '@probity/identity';
import { importAnswer } from '../http/presenters';
import { UserImportResponseDto, UserPageResponseDto, UserResponseDto, mapUser, mapUserImport, mapUserPage } from './dto/users.response';

@ApiTags('users')
@Controller('api/v1/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly accounts: AccountsService,
  ) {}

  @Post()
  @Auth('academy_admin', 'platform_admin', 'facility_manager')
  @ApiCreatedResponse({ type: UserResponseDto, description: 'The new user, never the password' })
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateUserDto): Promise<UserResponseDto> {
    return mapUser(await this.users.create(user, dto));
  }

  @Post('import')
  @HttpCode(200)
  @Auth('academy_admin', 'platform_admin')
  @ApiConsumes('text/csv')
  @ApiBody({
    description:
      'CSV with a header row: email,fullName,password,roles,locale,sex,agency_type,function,agency,rank (roles separated by ";"). ' +
      'sex, agency_type and function take a code or its name in any of the six languages, in any case; ' +
      'a value on none of the lists is an error of its line.',
    schema: { type: 'string' },
  })
  @ApiQuery({ name: 'academyId', required: false, description: 'Platform administrators only' })
  @ApiOkResponse({ type: UserImportResponseDto, description: '{created, errors:[{line, message}]}' })
  async import(
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Query('academyId') academyId?: string,
  ): Promise<UserImportResponseDto> {
    if (typeof request.body !== 'string') throw new BadInput('csv_expected');
    const result = await this.users.importCsv(user, request.body, academyId);
    return mapUserImport(importAnswer(result, (request as unknown as RequestLike).probity.locale));
  }

  @Get()
  @Auth('academy_admin', 'platform_admin', 'facility_manager')
  @ApiOkResponse({ type: UserPageResponseDto, description: '{items, total}' })
  async list(@CurrentUser() user: AuthUser, @Query() query: UserListQueryDto): Promise<UserPageResponseDto> {
    return mapUserPage(await this.users.list(user, query));
  }

  @Get(':id')
  @Auth('academy_admin', 'platform_admin', 'facility_manager')
  @ApiOkResponse({ type: UserResponseDto })
  async get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<UserResponseDto> {
    return mapUser(await this.users.get(user, id));
  }

  @Patch(':id')
  @Auth('academy_admin', 'platform_admin', 'facility_manager')
  @ApiOperation({
    summary: 'Change how a person is described (audited): sex, agency type, function, agency name, rank',
    description:
      'Administrators of the person’s academy (platform administrators: anyone). A field left out stays as it is; null ' +
      'clears it (not recorded). The old and new values of what changed are written to the audit trail.',
  })
  @ApiOkResponse({ type: UserResponseDto, description: 'The user as now described' })
  @ApiNotFoundResponse({ description: 'No such person in an academy the caller administers' })
  @ApiForbiddenResponse({ description: 'Not an administrator, or a platform administrator’s profile changed by an academy administrator' })
  async updateProfile(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateUserProfileDto,
  ): Promise<UserResponseDto> {
    return mapUser(await this.users.updateProfile(user, id, dto));
  }

  @Put(':id/roles')
  @Auth('academy_admin', 'platform_admin', 'facility_manager')
  @ApiOkResponse({ type: UserResponseDto, description: 'The user with their new roles' })
  async setRoles(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SetRolesDto,
  ): Promise<UserResponseDto> {
    return mapUser(await this.users.setRoles(user, id, dto.roles));
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Auth('academy_admin', 'platform_admin', 'facility_manager')
  @ApiOperation({
    summary: 'Deactivate an account (audited)',
    description:
      'The person can no longer sign in, and every token and page session of theirs ends at once. Administrators of the ' +
      'person’s academy (platform administrators: any); only a platform administrator for a platform administrator; never oneself.',
  })
  @ApiOkResponse({ type: UserResponseDto, description: 'The user, now inactive' })
  @ApiNotFoundResponse({ description: 'No such person in an academy the caller administers' })
  @ApiConflictResponse({ description: 'One’s own account' })
  async deactivate(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<UserResponseDto> {
    return mapUser(await this.accounts.deactivate(user, id));
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @Auth('academy_admin', 'platform_admin', 'facility_manager')
  @ApiOperation({ summary: 'Reactivate an account (audited): the person can sign in again; old tokens stay revoked' })
  @ApiOkResponse({ type: UserResponseDto, description: 'The user, now active' })
  @ApiNotFoundResponse({ description: 'No such person in an academy the caller administers' })
  @ApiConflictResponse({ description: 'One’s own account' })
  async reactivate(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<UserResponseDto> {
    return mapUser(await this.accounts.reactivate(user, id));
  }

  @Post(':id/password')
  @HttpCode(200)
  @Auth('academy_admin', 'platform_admin', 'facility_manager')
  @ApiOperation({
    summary: 'Reset someone’s password (audited, never the password itself)',
    description:
      'Sets the new password given; every token and page session of the person ends. Same rules as deactivation; ' +
      'for one’s own password use PUT /api/v1/me/password.',
  })
  @ApiOkResponse({ type: UserResponseDto, description: 'The user' })
  @ApiNotFoundResponse({ description: 'No such person in an academy the caller administers' })
  @ApiConflictResponse({ description: 'One’s own account' })
  async resetPassword(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ResetPasswordDto,
  ): Promise<UserResponseDto> {
    return mapUser(await this.accounts.resetPassword(user, id, dto.newPassword));
  }
}
