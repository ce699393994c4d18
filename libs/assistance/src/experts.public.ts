// What the expert roster part of the assistance context exports (services, DTOs, views, entity types).
export * from './dto/experts.dto';
export * from './experts.service';
export {
  type AvailabilityWindow,
  type ExpertMatch,
  type ExpertMission,
  LEVEL_POINTS,
  // The match statement itself, for the bench to time and EXPLAIN (test/bench/experts-match.ts).
  MATCH_SQL,
  MATCH_WEIGHTS,
  type RequestForMatching,
} from './repositories/experts.repository';
