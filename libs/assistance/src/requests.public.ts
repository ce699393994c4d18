// What the requests part of the assistance context exports (services, DTOs, views, entity types).
export {};
