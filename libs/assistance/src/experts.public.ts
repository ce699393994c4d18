// What the expert roster part of the assistance context exports (services, DTOs, views, entity types).
export {};
