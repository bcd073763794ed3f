import { extractText, getDocumentProxy } from 'unpdf';

/** The text of every page of a PDF, in page order. */
export async function pdfPageTexts(pdf: Uint8Array): Promise<string[]> {
  // PDF.js takes ownership of (detaches) the buffer it is given, so it gets a copy.
  const document = await getDocumentProxy(new Uint8Array(pdf));
  try {
    const { text } = await extractText(document, { mergePages: false });
    return text;
  } finally {
    await document.loadingTask.destroy();
  }
}

/** All the text of a PDF, pages joined by newlines. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  return (await pdfPageTexts(pdf)).join('\n');
}
