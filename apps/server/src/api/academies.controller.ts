import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AcademiesService, Auth, type AuthUser, CreateAcademyDto, CurrentUser, ListQueryDto } from '@probity/identity';

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

  @Get(':id')
  @Auth()
  get(@Param('id', ParseUUIDPipe) id: string): Promise<unknown> {
    return this.academies.get(id);
  }
}
