// What the directory part of the cooperation context exports.
export * from './dto/directory.dto';
export { DirectoryService, type DirectoryListing, type DirectoryMe } from './directory.service';
