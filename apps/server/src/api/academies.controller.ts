import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AcademiesService, AcademySettingsDto, Auth, type AuthUser, CreateAcademyDto, CurrentUser, ListQueryDto } from '@probity/identity';

@ApiTags('academies')
@Controller('api/v1/academies')
export class AcademiesController {
  constructor(private readonly academies: AcademiesService) {}

  @Post()
  @Auth('platform_admin')
  @ApiCreatedResponse({ description: 'The new academy' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateAcademyDto): Promise<unknown> {
    return this.academies.create(user, dto);
  }

  @Get()
  @Auth()
  @ApiOkResponse({ description: '{items, total}' })
  list(@Query() query: ListQueryDto): Promise<unknown> {
    return this.academies.list(query);
  }

  @Put(':id/settings')
  @Auth('academy_admin', 'platform_admin')
  @ApiOkResponse({ description: 'The academy with its settings ({timeZone}: IANA time zone of session times and certificate dates)' })
  settings(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AcademySettingsDto): Promise<unknown> {
    return this.academies.updateSettings(user, id, dto);
  }

  @Get(':id')
  @Auth()
  get(@Param('id', ParseUUIDPipe) id: string): Promise<unknown> {
    return this.academies.get(id);
  }
}
