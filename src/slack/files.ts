export { uploadToDm, type Upload } from '../services/notifications/files.js';
