// What the erasure part of the privacy context exports.
export { ErasureService, type ErasureCounts, type ErasureResult } from './erasure.service';
export { ERASURE_PLAN, type ErasureStep } from './erasure-plan';
export { EraseDto } from './dto/erasure.dto';
