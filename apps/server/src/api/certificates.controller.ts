import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
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
  @ApiAcceptedResponse({ description: '{jobId}: the worker issues one certificate per completed enrolment not yet certified' })
  issue(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: IssueCertificatesDto): Promise<unknown> {
    return this.issuance.startIssuance(user, id, dto.userIds);
  }

  @Get('api/v1/jobs/:id')
  @Auth()
  @ApiOkResponse({ description: '{state, progress:{done,total}, result?}' })
  job(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<unknown> {
    return this.jobs.get(user, id);
  }

  @Get('api/v1/certificates')
  @Auth()
  @ApiOkResponse({ description: '{items:[{id, serial, code, userId, holderName, course, issuedOn, status, verifyUrl}]}' })
  async list(@CurrentUser() user: AuthUser, @Query() query: CertificatesQueryDto): Promise<unknown> {
    const items = await this.certificates.list(user, query);
    return { items: items.map((c) => this.certificates.view(c)) };
  }

  @Get('api/v1/certificates/:id/pdf')
  @Auth()
  @ApiProduces('application/pdf')
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
  @ApiOkResponse({ description: '{jwt, credential}: Open Badges 3.0 as a VC-JWT (EdDSA) and as JSON with an eddsa-rdfc-2022 proof' })
  credential(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<unknown> {
    return this.credentials.credential(user, id);
  }

  @Post('api/v1/certificates/:id/revoke')
  @HttpCode(200)
  @Auth('academy_admin', 'platform_admin')
  @ApiOkResponse({ description: '{status:"revoked", revokedOn, reason}' })
  async revoke(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RevokeDto): Promise<unknown> {
    return this.certificates.view(await this.revocation.revoke(user, id, dto.reason));
  }

  @Post('api/v1/academies/:id/signing-key/rotate')
  @HttpCode(200)
  @Auth('academy_admin', 'platform_admin')
  @ApiOkResponse({ description: '{kid}: the new key signs from now on; retired keys stay in the JWKS' })
  rotate(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<unknown> {
    return this.revocation.rotateKey(user, id);
  }

  @Get('api/v1/verify/:code')
  @ApiOkResponse({
    description:
      '{status, serial, holderName, course:{title}, academy:{name,country}, issuedOn, revokedOn?, reason?, signatureValid, record, signature, kid}',
  })
  async verify(@Req() request: RequestLike, @Param('code') code: string): Promise<unknown> {
    if (!(await this.verification.allowVerification(request.ip))) throw new TooManyVerifications();
    return this.verification.verify(code.slice(0, 40), request.probity.locale);
  }

  @Get('api/v1/academies/:code/revocations')
  @ApiOkResponse({ description: '{academy, updatedAt, items:[{serial, code, revokedOn, reason}]}: for verifiers that work offline' })
  revocations(@Param('code') code: string): Promise<unknown> {
    return this.verification.revocations(code.slice(0, 12));
  }

  @Get('.well-known/jwks.json')
  @Header('cache-control', 'public, max-age=300')
  @ApiOkResponse({ description: 'Every academy signing key, retired ones too (kid = academy code + key id)' })
  async jwks(): Promise<unknown> {
    return { keys: (await this.keys.all()).map((k) => k.publicJwk) };
  }

  /** The academy's signed Bitstring Status List credential (`?format=jwt` for the VC-JWT form). */
  @Get('status/:code')
  @Header('cache-control', 'public, max-age=60')
  async status(@Param('code') code: string, @Res() reply: FastifyReply, @Query('format') format?: string): Promise<void> {
    const list = await this.credentials.statusList(code.slice(0, 12));
    if (format === 'jwt') await reply.header('content-type', 'application/jwt').send(list.jwt);
    else await reply.header('content-type', 'application/vc+ld+json; charset=utf-8').send(JSON.stringify(list.credential));
  }

  /** The issuer's profile, listing its keys as assertion methods (what Data Integrity verifiers resolve). */
  @Get('academies/:code')
  async issuer(@Param('code') code: string): Promise<unknown> {
    const keys = (await this.keys.all()).filter((k) => k.kid.startsWith(`${code.toUpperCase()}-`));
    if (!keys.length) throw new NotFound('academy');
    const base = this.certificates.publicUrl;
    const id = issuerUrl(base, code.toUpperCase());
    return {
      ...controllerDocument(
        id,
        keys.map((k) => keyUrl(base, code.toUpperCase(), k.kid)),
      ),
      type: ['Profile'],
    };
  }

  @Get('academies/:code/keys/:kid')
  async key(@Param('code') code: string, @Param('kid') kid: string): Promise<unknown> {
    const key = await this.keys.byKid(kid);
    if (!key || !kid.startsWith(`${code.toUpperCase()}-`)) throw new NotFound('academy');
    const base = this.certificates.publicUrl;
    return multikeyDocument(key.publicJwk as never, keyUrl(base, code.toUpperCase(), kid), issuerUrl(base, code.toUpperCase()));
  }
}
