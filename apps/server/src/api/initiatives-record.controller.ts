import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  type OnModuleInit,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { attachmentDisposition } from '@probity/assistance';
import {
  AddInitiativeParticipantDto,
  InitiativeAttendanceDto,
  InitiativeParticipationService,
  MATERIAL_TYPES,
  MaterialsService,
} from '@probity/cooperation';
import { Auth, type AuthUser, CurrentUser } from '@probity/identity';
import {
  InitiativeMaterialResponseDto,
  InitiativeParticipantResponseDto,
  InitiativeRegisterResponseDto,
  mapInitiativeMaterial,
  mapInitiativeParticipant,
  mapInitiativeRegister,
} from './dto/initiatives.response';
import { registerAttachmentBodies, uploadOf } from '../http/attachment-body';

const UNKNOWN = 'Unknown, or an initiative the caller has nothing to do with';
const SCOPE = 'Owners: every institution’s; an accepted member’s academy administrators and focal points: their own; anyone else 403';

/**
 * What happened at an initiative (issue 15 points 1-2): participants per institution and the register per day (each
 * academy administrator sees and keeps only their own institution's people; owners everyone's), and its materials
 * (PDF, DOCX, PPTX, XLSX by content, 10 MB, 20 per initiative; owners upload, members and participants read).
 */
@ApiTags('cooperation')
@Controller('api/v1/initiatives')
export class InitiativesRecordController implements OnModuleInit {
  constructor(
    private readonly participation: InitiativeParticipationService,
    private readonly materials: MaterialsService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** The materials route reads bodies of up to 10 MB (and only it, with the other file routes): the parser, before start. */
  onModuleInit(): void {
    registerAttachmentBodies(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }

  // ---- participants and the register ----------------------------------------------------------------------

  @Get(':id/participants')
  @Auth()
  @ApiOkResponse({ type: [InitiativeParticipantResponseDto], description: SCOPE })
  @ApiNotFoundResponse({ description: UNKNOWN })
  async participants(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<InitiativeParticipantResponseDto[]> {
    return (await this.participation.list(user, id)).map(mapInitiativeParticipant);
  }

  @Post(':id/participants')
  @Auth()
  @ApiOperation({
    summary: 'Adds a participant of a member institution: {institutionId, userId} (a person of its academy) or a guest',
    description: 'A guest: fullName, sex, agencyType, function, country (identity’s lists); email and organisation optional.',
  })
  @ApiCreatedResponse({ type: InitiativeParticipantResponseDto })
  @ApiNotFoundResponse({ description: `${UNKNOWN}; an institution that is not a member; a person not of its academy` })
  @ApiForbiddenResponse({ description: 'Another institution’s participants' })
  @ApiConflictResponse({ description: 'membership_not_accepted (invited or declined); participant_exists; initiative_moved_on' })
  async addParticipant(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AddInitiativeParticipantDto,
  ): Promise<InitiativeParticipantResponseDto> {
    return mapInitiativeParticipant(await this.participation.add(user, id, dto));
  }

  @Delete(':id/participants/:participantId')
  @HttpCode(204)
  @Auth()
  @ApiNoContentResponse({ description: 'Removed, with their marks' })
  @ApiNotFoundResponse({ description: `${UNKNOWN}; a participant of another institution` })
  @ApiConflictResponse({ description: 'initiative_moved_on' })
  async removeParticipant(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('participantId', ParseUUIDPipe) participantId: string,
  ): Promise<void> {
    await this.participation.remove(user, id, participantId);
  }

  @Get(':id/attendance')
  @Auth()
  @ApiOkResponse({ type: InitiativeRegisterResponseDto, description: `Participants × days. ${SCOPE}` })
  @ApiNotFoundResponse({ description: UNKNOWN })
  async register(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<InitiativeRegisterResponseDto> {
    return mapInitiativeRegister(await this.participation.register(user, id));
  }

  @Put(':id/attendance')
  @Auth()
  @ApiOperation({ summary: 'Marks one day; participants left out keep their marks' })
  @ApiOkResponse({ type: InitiativeRegisterResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiBadRequestResponse({ description: 'A day outside the dates; a participant the caller does not keep' })
  @ApiConflictResponse({ description: 'initiative_moved_on' })
  async mark(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: InitiativeAttendanceDto,
  ): Promise<InitiativeRegisterResponseDto> {
    return mapInitiativeRegister(await this.participation.mark(user, id, dto));
  }

  // ---- materials ------------------------------------------------------------------------------------------

  @Post(':id/materials')
  @Auth()
  @ApiOperation({
    summary: 'Uploads a material (owners): PDF, DOCX, PPTX or XLSX, at most 10 MB and 20 per initiative',
    description:
      'The body is the file itself (its type, or application/octet-stream; its name in `?name=`), or a multipart form with a `file` part. The type is known from the content.',
  })
  @ApiConsumes(...Object.keys(MATERIAL_TYPES), 'application/octet-stream', 'multipart/form-data')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'name', required: false, description: 'The file’s name (raw bodies)' })
  @ApiCreatedResponse({ type: InitiativeMaterialResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiConflictResponse({ description: '20 materials already (too_many_attachments); cancelled (initiative_moved_on)' })
  @ApiPayloadTooLargeResponse({ description: 'Over 10 MB (attachment_too_large)' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not PDF, DOCX, PPTX or XLSX by content (attachment_type)' })
  async upload(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
    @Query('name') name?: string,
  ): Promise<InitiativeMaterialResponseDto> {
    return mapInitiativeMaterial(
      await this.materials.upload(user, id, uploadOf(request.body, typeof name === 'string' ? name : undefined)),
    );
  }

  @Get(':id/materials')
  @Auth()
  @ApiOkResponse({ type: [InitiativeMaterialResponseDto] })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiForbiddenResponse({ description: 'An invitation not (yet) accepted' })
  async listMaterials(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<InitiativeMaterialResponseDto[]> {
    return (await this.materials.list(user, id)).map(mapInitiativeMaterial);
  }

  @Get(':id/materials/:materialId')
  @Auth()
  @ApiProduces(...Object.keys(MATERIAL_TYPES))
  @ApiOkResponse({
    description: 'The file, as an attachment',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ description: UNKNOWN })
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('materialId', ParseUUIDPipe) materialId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const material = await this.materials.read(user, id, materialId);
    await reply
      .header('content-type', material.mediaType)
      .header('content-disposition', attachmentDisposition(material.fileName))
      .header('x-content-type-options', 'nosniff')
      .send(material.content);
  }

  @Delete(':id/materials/:materialId')
  @HttpCode(204)
  @Auth()
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ description: UNKNOWN })
  async removeMaterial(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('materialId', ParseUUIDPipe) materialId: string,
  ): Promise<void> {
    await this.materials.remove(user, id, materialId);
  }
}
