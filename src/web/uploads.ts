/**
 * An uploaded file read whole, or refused: a file over its limit is always answered 413 with a clear message,
 * never cut to the limit and read (the multipart parser can end the stream at the limit before saying so).
 */
import type { MultipartFile } from '@fastify/multipart';
import createError from 'http-errors';

export const UPLOAD_LIMIT = 25 * 1024 * 1024;

export async function uploadedContent(part: MultipartFile, limit = UPLOAD_LIMIT): Promise<Buffer> {
  const tooLarge = () =>
    createError(
      413,
      `The selected file is larger than ${Math.round(limit / (1024 * 1024))} MB. Send a smaller file.`,
    );
  let content: Buffer;
  try {
    content = await part.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw error;
  }
  if (part.file.truncated || content.length > limit) throw tooLarge();
  return content;
}
