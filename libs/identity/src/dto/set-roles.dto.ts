import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn } from 'class-validator';
import { ROLES, type Role } from '../entities/user.entity';

export class SetRolesDto {
  @ApiProperty({ enum: ROLES, isArray: true, example: ['learner', 'trainer'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles: Role[];
}
