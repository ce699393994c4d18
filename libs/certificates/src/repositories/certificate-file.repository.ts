import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CertificateFile } from '../entities/certificate-file.entity';

/** Rendered PDFs kept in the database (`certificate_files`), one per certificate and variant. */
@Injectable()
export class CertificateFileRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(certificateId: string, variant: string): Promise<CertificateFile | null> {
    return this.dataSource.getRepository(CertificateFile).findOneBy({ certificateId, variant });
  }

  /** Keeps the PDF unless one of the variant is kept already. */
  async keep(certificateId: string, variant: string, pdf: Buffer): Promise<void> {
    await this.dataSource
      .getRepository(CertificateFile)
      .createQueryBuilder()
      .insert()
      .values({ certificateId, variant, pdf })
      .orIgnore()
      .execute();
  }
}
