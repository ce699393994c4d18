import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  type OnModuleInit,
  Param,
  ParseUUIDPipe,
  Patch,
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
import {
  ApproveDto,
  CommentDto,
  CreateRequestDto,
  RejectDto,
  RequestFilesService,
  RequestListQueryDto,
  RequestScreeningService,
  RequestThreadService,
  RequestsService,
  ScreeningDto,
  UpdateRequestDto,
  attachmentDisposition,
} from '@probity/assistance';
import type { Locale } from '@probity/i18n';
import { Auth, type AuthUser, CurrentUser, type RequestLike } from '@probity/identity';
import {
  RequestCommentResponseDto,
  RequestFileResponseDto,
  RequestPageResponseDto,
  RequestResponseDto,
  ScreeningAidResponseDto,
  mapComment,
  mapFile,
  mapRequest,
  mapRequestPage,
  mapScreeningAid,
} from './dto/assistance-requests.response';
import { registerAttachmentBodies, uploadOf } from '../http/attachment-body';

const locale = (request: FastifyRequest): Locale => (request as unknown as RequestLike).probity.locale;
/** Who takes part in requests: the requesting side and the facility's. */
const PARTIES = ['partner_focal_point', 'academy_admin', 'facility_manager', 'platform_admin'] as const;
const MANAGERS = ['facility_manager', 'platform_admin'] as const;
const UNKNOWN = 'Unknown, or another institution’s request';
const MOVED_ON = 'The request is not (or no longer) in a state this move starts from, or another move came first (request_moved_on)';

/**
 * Requests for technical assistance (issue 14 points 1-2, ADR 0012). A focal point of a partner institution (or an
 * academy administrator, for their academy) writes a draft, attaches files and submits it; a facility manager takes it
 * into screening, judges it against the eligibility rules with Probity's proposals beside them, asks in the thread and
 * approves or rejects it. Another institution's request answers 404.
 */
@ApiTags('assistance')
@Controller('api/v1/assistance/requests')
export class AssistanceRequestsController implements OnModuleInit {
  constructor(
    private readonly requests: RequestsService,
    private readonly screening: RequestScreeningService,
    private readonly files: RequestFilesService,
    private readonly thread: RequestThreadService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** The file routes read bodies of up to 10 MB (and only they): their parser, before the server starts. */
  onModuleInit(): void {
    registerAttachmentBodies(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }

  @Post()
  @Auth(...PARTIES)
  @ApiOperation({
    summary: 'A new draft of the caller’s institution (`TAF-<year>-<n>`), in any of the six languages',
    description: 'An academy administrator files for their academy (its institution is made with its first request).',
  })
  @ApiCreatedResponse({ type: RequestResponseDto })
  @ApiForbiddenResponse({ description: 'Not tied to an institution (not_a_focal_point)' })
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateRequestDto, @Req() request: FastifyRequest): Promise<RequestResponseDto> {
    return mapRequest(await this.requests.create(user, dto), locale(request));
  }

  @Get()
  @Auth(...PARTIES)
  @ApiOkResponse({ type: RequestPageResponseDto, description: 'Focal points: their institution’s; facility managers: all' })
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: RequestListQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<RequestPageResponseDto> {
    return mapRequestPage(await this.requests.list(user, query), locale(request));
  }

  @Get(':id')
  @Auth(...PARTIES)
  @ApiOkResponse({ type: RequestResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<RequestResponseDto> {
    return mapRequest(await this.requests.get(user, id), locale(request));
  }

  @Patch(':id')
  @Auth(...PARTIES)
  @ApiOperation({ summary: 'Changes a draft (the requester)' })
  @ApiOkResponse({ type: RequestResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiConflictResponse({ description: 'Already submitted (request_not_draft)' })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateRequestDto,
    @Req() request: FastifyRequest,
  ): Promise<RequestResponseDto> {
    return mapRequest(await this.requests.update(user, id, dto), locale(request));
  }

  @Post(':id/submit')
  @Auth(...PARTIES)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Submits a draft to the facility (the requester)',
    description: 'The need, expected result, target group, participants, preferred dates and at least one language must be given.',
  })
  @ApiOkResponse({ type: RequestResponseDto })
  @ApiBadRequestResponse({ description: 'validation_failed, one detail per missing field' })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiConflictResponse({ description: MOVED_ON })
  async submit(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<RequestResponseDto> {
    return mapRequest(await this.requests.submit(user, id), locale(request));
  }

  @Post(':id/withdraw')
  @Auth(...PARTIES)
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraws the request before the decision (the requester)' })
  @ApiOkResponse({ type: RequestResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiConflictResponse({ description: MOVED_ON })
  async withdraw(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<RequestResponseDto> {
    return mapRequest(await this.requests.withdraw(user, id), locale(request));
  }

  @Post(':id/screen')
  @Auth(...MANAGERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Takes a submitted request into screening (a facility manager)' })
  @ApiOkResponse({ type: RequestResponseDto })
  @ApiNotFoundResponse({ description: 'Unknown' })
  @ApiConflictResponse({ description: MOVED_ON })
  async screen(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<RequestResponseDto> {
    return mapRequest(await this.requests.screen(user, id), locale(request));
  }

  @Get(':id/screening-aid')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary: 'Probity’s proposal for each eligibility rule, and similar requests of the last two years',
    description:
      'partner_country: the institution’s country (a regional organisation’s members) among the countries of Probity’s academies; ' +
      'topic_in_scope: the topic is not “other”; dates_feasible: from at least 30 days after submission, to within 18 months of it; ' +
      'no_duplicate: no submitted, screened or approved request of the same institution on the same topic. The manager decides.',
  })
  @ApiOkResponse({ type: ScreeningAidResponseDto })
  @ApiNotFoundResponse({ description: 'Unknown' })
  async screeningAid(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<ScreeningAidResponseDto> {
    return mapScreeningAid(await this.screening.aid(user, id), locale(request));
  }

  @Put(':id/screening')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Records the manager’s judgement of eligibility rules (others kept) while the request is screened' })
  @ApiOkResponse({ type: RequestResponseDto })
  @ApiNotFoundResponse({ description: 'Unknown' })
  @ApiConflictResponse({ description: 'Not being screened (request_moved_on)' })
  async judge(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ScreeningDto,
    @Req() request: FastifyRequest,
  ): Promise<RequestResponseDto> {
    return mapRequest(await this.requests.judge(user, id, dto), locale(request));
  }

  @Post(':id/approve')
  @Auth(...MANAGERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Approves a screened request, with an optional reason (a facility manager)' })
  @ApiOkResponse({ type: RequestResponseDto })
  @ApiNotFoundResponse({ description: 'Unknown' })
  @ApiConflictResponse({ description: MOVED_ON })
  async approve(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ApproveDto,
    @Req() request: FastifyRequest,
  ): Promise<RequestResponseDto> {
    return mapRequest(await this.requests.approve(user, id, dto), locale(request));
  }

  @Post(':id/reject')
  @Auth(...MANAGERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Rejects a submitted or screened request, with the reason the requester reads (a facility manager)' })
  @ApiOkResponse({ type: RequestResponseDto })
  @ApiBadRequestResponse({ description: 'No reason' })
  @ApiNotFoundResponse({ description: 'Unknown' })
  @ApiConflictResponse({ description: MOVED_ON })
  async reject(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RejectDto,
    @Req() request: FastifyRequest,
  ): Promise<RequestResponseDto> {
    return mapRequest(await this.requests.reject(user, id, dto.reason), locale(request));
  }

  // ---- files ------------------------------------------------------------------------------------------

  @Post(':id/files')
  @Auth(...PARTIES)
  @ApiOperation({
    summary: 'Attaches a PDF or DOCX file (the requester, until the decision), at most 10 MB and 10 files per request',
    description:
      'The body is the file itself (Content-Type application/pdf, the DOCX type or application/octet-stream; its name in `?name=`), ' +
      'or a multipart form with a `file` part. The type is known from the content, whatever the name or declared type.',
  })
  @ApiConsumes(
    'application/pdf',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/octet-stream',
    'multipart/form-data',
  )
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'name', required: false, description: 'The file’s name (raw bodies)' })
  @ApiCreatedResponse({ type: RequestFileResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiConflictResponse({ description: 'Decided or withdrawn (request_moved_on), or 10 files already (too_many_attachments)' })
  @ApiPayloadTooLargeResponse({ description: 'Over 10 MB (attachment_too_large)' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Neither PDF nor DOCX by content (attachment_type)' })
  async attach(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
    @Query('name') name?: string,
  ): Promise<RequestFileResponseDto> {
    return mapFile(await this.files.attach(user, id, uploadOf(request.body, typeof name === 'string' ? name : undefined)));
  }

  @Get(':id/files')
  @Auth(...PARTIES)
  @ApiOkResponse({ type: [RequestFileResponseDto] })
  @ApiNotFoundResponse({ description: UNKNOWN })
  async listFiles(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<RequestFileResponseDto[]> {
    return (await this.files.list(user, id)).map(mapFile);
  }

  @Get(':id/files/:fileId')
  @Auth(...PARTIES)
  @ApiProduces('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  @ApiOkResponse({
    description: 'The file, as an attachment',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ description: UNKNOWN })
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('fileId', ParseUUIDPipe) fileId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = await this.files.read(user, id, fileId);
    await reply
      .header('content-type', file.mediaType)
      .header('content-disposition', attachmentDisposition(file.fileName))
      .header('x-content-type-options', 'nosniff')
      .send(file.content);
  }

  @Delete(':id/files/:fileId')
  @Auth(...PARTIES)
  @HttpCode(204)
  @ApiOperation({ summary: 'Removes a file of a draft (the requester)' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiConflictResponse({ description: 'Already submitted (request_not_draft)' })
  async removeFile(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('fileId', ParseUUIDPipe) fileId: string,
  ): Promise<void> {
    await this.files.remove(user, id, fileId);
  }

  // ---- the thread ---------------------------------------------------------------------------------------

  @Get(':id/comments')
  @Auth(...PARTIES)
  @ApiOkResponse({ type: [RequestCommentResponseDto], description: 'Oldest first' })
  @ApiNotFoundResponse({ description: UNKNOWN })
  async comments(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<RequestCommentResponseDto[]> {
    return (await this.thread.list(user, id)).map(mapComment);
  }

  @Post(':id/comments')
  @Auth(...PARTIES)
  @ApiOperation({ summary: 'A message to the other side (focal points ↔ facility managers), who are notified in their own language' })
  @ApiCreatedResponse({ type: RequestCommentResponseDto })
  @ApiNotFoundResponse({ description: UNKNOWN })
  async comment(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CommentDto,
  ): Promise<RequestCommentResponseDto> {
    return mapComment(await this.thread.post(user, id, dto.body));
  }
}
