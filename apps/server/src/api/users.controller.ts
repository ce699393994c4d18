import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { BadInput, type Locale, translate } from '@probity/i18n';
import {
  Auth,
  type AuthUser,
  CreateUserDto,
  CurrentUser,
  type RequestLike,
  SetRolesDto,
  UserListQueryDto,
  UsersService,
} from '@probity/identity';
import { violationMessage } from '../http/errors';

@ApiTags('users')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Auth('academy_admin', 'platform_admin')
  @ApiCreatedResponse({ description: 'The new user, never the password' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateUserDto): Promise<unknown> {
    return this.users.create(user, dto);
  }

  @Post('import')
  @HttpCode(200)
  @Auth('academy_admin', 'platform_admin')
  @ApiConsumes('text/csv')
  @ApiBody({
    description: 'CSV with a header row: email,fullName,password,roles,locale,sex,agency,rank (roles separated by ";")',
    schema: { type: 'string' },
  })
  @ApiQuery({ name: 'academyId', required: false, description: 'Platform administrators only' })
  @ApiOkResponse({ description: '{created, errors:[{line, message}]}' })
  async import(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest, @Query('academyId') academyId?: string): Promise<unknown> {
    if (typeof request.body !== 'string') throw new BadInput('csv_expected');
    const result = await this.users.importCsv(user, request.body, academyId);
    return importAnswer(result, (request as unknown as RequestLike).probity.locale);
  }

  @Get()
  @Auth('academy_admin', 'platform_admin')
  @ApiOkResponse({ description: '{items, total}' })
  list(@CurrentUser() user: AuthUser, @Query() query: UserListQueryDto): Promise<unknown> {
    return this.users.list(user, query);
  }

  @Get(':id')
  @Auth('academy_admin', 'platform_admin')
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<unknown> {
    return this.users.get(user, id);
  }

  @Put(':id/roles')
  @Auth('academy_admin', 'platform_admin')
  @ApiOkResponse({ description: 'The user with their new roles' })
  setRoles(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SetRolesDto): Promise<unknown> {
    return this.users.setRoles(user, id, dto.roles);
  }
}

/** Import errors with their messages in the caller's language. */
export function importAnswer(
  result: Awaited<ReturnType<UsersService['importCsv']>>,
  locale: Locale,
): { created: number; errors: { line: number; message: string }[] } {
  return {
    created: result.created,
    errors: result.errors.map((error) => ({
      line: error.line,
      message: error.violations?.length
        ? error.violations.map((v) => violationMessage(locale, v)).join(' ')
        : translate(locale, `errors:${error.code}`, error.params),
    })),
  };
}
