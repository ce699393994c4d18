import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AcademiesService, AcademySettingsDto, Auth, type AuthUser, CreateAcademyDto, CurrentUser, ListQueryDto } from '@probity/identity';
import { AcademyPageResponseDto, AcademyResponseDto, mapAcademy, mapAcademyPage } from './dto/academies.response';

@ApiTags('academies')
@Controller('api/v1/academies')
export class AcademiesController {
  constructor(private readonly academies: AcademiesService) {}

  @Post()
  @Auth('platform_admin')
  @ApiCreatedResponse({ type: AcademyResponseDto, description: 'The new academy' })
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateAcademyDto): Promise<AcademyResponseDto> {
    return mapAcademy(await this.academies.create(user, dto));
  }

  @Get()
  @Auth()
  @ApiOkResponse({ type: AcademyPageResponseDto, description: '{items, total}' })
  async list(@Query() query: ListQueryDto): Promise<AcademyPageResponseDto> {
    return mapAcademyPage(await this.academies.list(query));
  }

  @Put(':id/settings')
  @Auth('academy_admin', 'platform_admin')
  @ApiOkResponse({
    type: AcademyResponseDto,
    description: 'The academy with its settings ({timeZone}: IANA time zone of session times and certificate dates)',
  })
  async settings(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AcademySettingsDto,
  ): Promise<AcademyResponseDto> {
    return mapAcademy(await this.academies.updateSettings(user, id, dto));
  }

  @Get(':id')
  @Auth()
  @ApiOkResponse({ type: AcademyResponseDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<AcademyResponseDto> {
    return mapAcademy(await this.academies.get(id));
  }
}
