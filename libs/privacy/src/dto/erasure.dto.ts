import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** Why a person is erased (their request, its reference): kept in the audit entry of the erasure. */
export class EraseDto {
  @ApiProperty({ minLength: 3, maxLength: 1000, example: 'Written request of 2 December 2026, reference DP-2026-014' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason: string;
}
