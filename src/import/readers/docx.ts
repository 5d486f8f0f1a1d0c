import mammoth from 'mammoth';
import { UnreadableDocumentError, type SourceDocument } from '../model.ts';
import { htmlToBlocks } from './html.ts';

/** Word documents: tables, paragraphs, headings and lists, keeping a cell's paragraphs apart. */
export async function readDocx(file: string, content: Buffer): Promise<SourceDocument> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: content })).value;
  } catch (error) {
    throw new UnreadableDocumentError(
      file,
      `not a readable Word document (${(error as Error).message.split('\n')[0]})`,
    );
  }
  return { file, unit: 'row', blocks: htmlToBlocks(html) };
}
