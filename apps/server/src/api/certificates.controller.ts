import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import {
  CertificatePdfService,
  CertificatesService,
  CredentialsService,
  IssuanceService,
  RevocationService,
  SigningKeysService,
  VerificationService,
  controllerDocument,
  issuerUrl,
  keyUrl,
  multikeyDocument,
} from '@probity/certificates';
import { NotFound, ProbityError } from '@probity/i18n';
import { Auth, type AuthUser, CurrentUser, type RequestLike } from '@probity/identity';
import { JobsService } from '@probity/jobs';
import { sendPdf } from '../http/presenters';
import {
  CertificateListResponseDto,
  CertificateResponseDto,
  CredentialResponseDto,
  JobResponseDto,
  JobStartedResponseDto,
  KeyRotatedResponseDto,
  mapCertificate,
  mapCertificateList,
  mapCredential,
  mapJob,
  mapJobStarted,
  mapKeyRotated,
} from './dto/certificates.response';
import {
  IssuerProfileResponseDto,
  JwksResponseDto,
  MultikeyResponseDto,
  RevocationListResponseDto,
  StatusListCredentialResponseDto,
  CopyCheckResponseDto,
  VerificationResponseDto,
  mapCopyCheck,
  mapIssuerProfile,
  mapJwks,
  mapMultikey,
  mapRevocationList,
  mapVerification,
} from './dto/verification.response';

export class IssueCertificatesDto {
  @ApiPropertyOptional({ type: [String], description: 'Default: every completed learner not yet certified' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  userIds?: string[];
}

export class RevokeDto {
  @ApiProperty({ example: 'Issued in error: the learner did not attend the final session' })
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason: string;
}

/** A holder's own copy of their certificate's signed record (its `record`, and optionally its `signature`). */
export class CopyCheckDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The signed record as the holder has it' })
  @IsObject()
  record: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'The signature that came with it (base64url); default: the one issued with the code' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  signature?: string;
}

export class CertificatesQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  cohortId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class TooManyVerifications extends ProbityError {
  constructor() {
    super(429, 'too_many_verifications');
  }
}

@ApiTags('certificates')
@ApiExtraModels(StatusListCredentialResponseDto)
@Controller()
export class CertificatesController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly issuance: IssuanceService,
    private readonly jobs: JobsService,
    private readonly verification: VerificationService,
    private readonly revocation: RevocationService,
    private readonly credentials: CredentialsService,
    private readonly pdfs: CertificatePdfService,
    private readonly keys: SigningKeysService,
  ) {}

  @Post('api/v1/cohorts/:id/certificates')
  @HttpCode(202)
  @Auth('academy_admin', 'platform_admin')
  @ApiAcceptedResponse({
    type: JobStartedResponseDto,
    description: '{jobId}: the worker issues one certificate per completed enrolment not yet certified',
  })
  async issue(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: IssueCertificatesDto,
  ): Promise<JobStartedResponseDto> {
    return mapJobStarted(await this.issuance.startIssuance(user, id, dto.userIds));
  }

  @Get('api/v1/jobs/:id')
  @Auth()
  @ApiOkResponse({ type: JobResponseDto, description: '{state, progress:{done,total}, result?}' })
  async job(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<JobResponseDto> {
    return mapJob(await this.jobs.get(user, id));
  }

  @Get('api/v1/certificates')
  @Auth()
  @ApiOkResponse({
    type: CertificateListResponseDto,
    description: '{items:[{id, serial, code, userId, holderName, course, issuedOn, status, verifyUrl}]}',
  })
  async list(@CurrentUser() user: AuthUser, @Query() query: CertificatesQueryDto): Promise<CertificateListResponseDto> {
    const items = await this.certificates.list(user, query);
    return mapCertificateList(items.map((c) => this.certificates.view(c)));
  }

  @Get('api/v1/certificates/:id/pdf')
  @Auth()
  @ApiProduces('application/pdf')
  @ApiQuery({ name: 'lang', required: false, description: 'The language of the certificate’s text (default: the cohort’s)' })
  @ApiOkResponse({
    description: 'The certificate as PDF, shown inline',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  async pdf(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() reply: FastifyReply,
    @Query('lang') lang?: string,
  ): Promise<void> {
    await sendPdf(reply, this.pdfs, await this.certificates.get(user, id), lang, 'inline');
  }

  @Get('api/v1/certificates/:id/credential')
  @Auth()
  @ApiOkResponse({
    type: CredentialResponseDto,
    description: '{jwt, credential}: Open Badges 3.0 as a VC-JWT (EdDSA) and as JSON with an eddsa-rdfc-2022 proof',
  })
  async credential(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<CredentialResponseDto> {
    return mapCredential(await this.credentials.credential(user, id));
  }

  @Post('api/v1/certificates/:id/revoke')
  @HttpCode(200)
  @Auth('academy_admin', 'platform_admin')
  @ApiOkResponse({ type: CertificateResponseDto, description: 'The certificate, now {status:"revoked", revokedOn, reason, …}' })
  async revoke(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RevokeDto,
  ): Promise<CertificateResponseDto> {
    return mapCertificate(this.certificates.view(await this.revocation.revoke(user, id, dto.reason)));
  }

  @Post('api/v1/academies/:id/signing-key/rotate')
  @HttpCode(200)
  @Auth('academy_admin', 'platform_admin')
  @ApiOkResponse({ type: KeyRotatedResponseDto, description: '{kid}: the new key signs from now on; retired keys stay in the JWKS' })
  async rotate(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<KeyRotatedResponseDto> {
    return mapKeyRotated(await this.revocation.rotateKey(user, id));
  }

  @Get('api/v1/verify/:code')
  @ApiOkResponse({
    type: VerificationResponseDto,
    description: '{status, serial, holderName, course:{title}, academy:{name,country}, issuedOn, revokedOn?, reason?, signatureValid, kid}',
  })
  async verify(@Req() request: RequestLike, @Param('code') code: string): Promise<VerificationResponseDto> {
    if (!(await this.verification.allowVerification(request.ip))) throw new TooManyVerifications();
    return mapVerification(await this.verification.verify(code.slice(0, 40), request.probity.locale));
  }

  /** A holder's own copy of the record, checked against the certificate with this code (after erasure, what proves the name). */
  @Post('api/v1/verify/:code/copy')
  @HttpCode(200)
  @ApiOkResponse({ type: CopyCheckResponseDto, description: '{matches, signatureValid, holderName?}' })
  async checkCopy(@Req() request: RequestLike, @Param('code') code: string, @Body() dto: CopyCheckDto): Promise<CopyCheckResponseDto> {
    if (!(await this.verification.allowVerification(request.ip))) throw new TooManyVerifications();
    return mapCopyCheck(await this.verification.checkCopy(code.slice(0, 40), dto));
  }

  @Get('api/v1/academies/:code/revocations')
  @ApiOkResponse({
    type: RevocationListResponseDto,
    description: '{academy, updatedAt, items:[{serial, codeSha256, revokedOn, reason}]}: for verifiers that work offline',
  })
  async revocations(@Param('code') code: string): Promise<RevocationListResponseDto> {
    return mapRevocationList(await this.verification.revocations(code.slice(0, 12)));
  }

  @Get('.well-known/jwks.json')
  @Header('cache-control', 'public, max-age=300')
  @ApiOkResponse({ type: JwksResponseDto, description: 'Every academy signing key, retired ones too (kid = academy code + key id)' })
  async jwks(): Promise<JwksResponseDto> {
    return mapJwks(await this.keys.all());
  }

  /** The academy's signed Bitstring Status List credential (`?format=jwt` for the VC-JWT form). */
  @Get('status/:code')
  @Header('cache-control', 'public, max-age=60')
  @ApiQuery({ name: 'format', required: false, enum: ['jwt'], description: '`jwt`: the VC-JWT form' })
  @ApiProduces('application/vc+ld+json', 'application/jwt')
  @ApiOkResponse({
    description: 'The academy’s signed Bitstring Status List credential, as JSON-LD with its proof or (format=jwt) as a VC-JWT',
    content: {
      'application/vc+ld+json': { schema: { $ref: getSchemaPath(StatusListCredentialResponseDto) } },
      'application/jwt': { schema: { type: 'string' } },
    },
  })
  async status(@Param('code') code: string, @Res() reply: FastifyReply, @Query('format') format?: string): Promise<void> {
    const list = await this.credentials.statusList(code.slice(0, 12));
    if (format === 'jwt') await reply.header('content-type', 'application/jwt').send(list.jwt);
    else await reply.header('content-type', 'application/vc+ld+json; charset=utf-8').send(JSON.stringify(list.credential));
  }

  /** The issuer's profile, listing its keys as assertion methods (what Data Integrity verifiers resolve). */
  @Get('academies/:code')
  @ApiOkResponse({ type: IssuerProfileResponseDto, description: 'The issuer’s profile: a controller document listing its keys' })
  async issuer(@Param('code') code: string): Promise<IssuerProfileResponseDto> {
    const keys = (await this.keys.all()).filter((k) => k.kid.startsWith(`${code.toUpperCase()}-`));
    if (!keys.length) throw new NotFound('academy');
    const base = this.certificates.publicUrl;
    const id = issuerUrl(base, code.toUpperCase());
    return mapIssuerProfile(
      controllerDocument(
        id,
        keys.map((k) => keyUrl(base, code.toUpperCase(), k.kid)),
      ),
    );
  }

  @Get('academies/:code/keys/:kid')
  @ApiOkResponse({ type: MultikeyResponseDto, description: 'One key of the issuer as a Multikey document' })
  async key(@Param('code') code: string, @Param('kid') kid: string): Promise<MultikeyResponseDto> {
    const key = await this.keys.byKid(kid);
    if (!key || !kid.startsWith(`${code.toUpperCase()}-`)) throw new NotFound('academy');
    const base = this.certificates.publicUrl;
    return mapMultikey(
      await multikeyDocument(key.publicJwk as never, keyUrl(base, code.toUpperCase(), kid), issuerUrl(base, code.toUpperCase())),
    );
  }
}
