/**
 * Hostile .docx files for the intake limits, written byte by byte (a minimal zip writer), so a
 * part can be far larger than the file (a decompression bomb) and can state a size it does not
 * have. The other parts are those of a real, minimal Word package, so the files pass type
 * sniffing and reach the .docx reader.
 */
import { crc32, createDeflateRaw } from "node:zlib";

type ZipPart = { name: string; data: Buffer; crc: number; size: number; declaredSize?: number };

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
export const DOC_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
export const DOC_TAIL = "</w:body></w:document>";

/** Deflates `chunks()` piece by piece (never the whole part in memory) and returns the compressed bytes, CRC and size. */
async function deflateStream(chunks: () => Iterable<Buffer>): Promise<{ data: Buffer; crc: number; size: number }> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (b: Buffer) => out.push(b));
  const done = new Promise<void>((ok, fail) => {
    deflate.on("end", ok);
    deflate.on("error", fail);
  });
  let crc = 0;
  let size = 0;
  for (const chunk of chunks()) {
    crc = crc32(chunk, crc);
    size += chunk.length;
    if (!deflate.write(chunk)) await new Promise((r) => deflate.once("drain", r));
  }
  deflate.end();
  await done;
  return { data: Buffer.concat(out), crc, size };
}

function zip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, "utf8");
    const declared = p.declaredSize ?? p.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(p.crc >>> 0, 16);
    central.writeUInt32LE(p.data.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, p.data);
    centrals.push(central, name);
    offset += local.length + name.length + p.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A Word package whose word/document.xml is produced by `body()` (streamed); `declaredSize` overrides the size the zip states. */
export async function docxWithDocument(body: () => Iterable<Buffer>, options: { declaredSize?: number } = {}): Promise<Buffer> {
  const small = async (name: string, text: string): Promise<ZipPart> => ({ name, ...(await deflateStream(() => [Buffer.from(text)])) });
  const document = await deflateStream(function* () {
    yield Buffer.from(DOC_HEAD);
    yield* body();
    yield Buffer.from(DOC_TAIL);
  });
  return zip([await small("[Content_Types].xml", CONTENT_TYPES), await small("_rels/.rels", ROOT_RELS), { name: "word/document.xml", ...document, declaredSize: options.declaredSize }]);
}

/** `total` bytes of `unit` repeated, in 1 MB chunks. */
export function* repeated(unit: string, total: number): Iterable<Buffer> {
  const chunk = Buffer.from(unit.repeat(Math.ceil((1024 * 1024) / unit.length)));
  for (let written = 0; written < total; written += chunk.length) yield written + chunk.length <= total ? chunk : chunk.subarray(0, total - written);
}

/** The zip bomb of the probe: a paragraph of text, then 200 MB of whitespace inside <w:t>. */
export function bombDocx(options: { bytes?: number; declaredSize?: number } = {}): Promise<Buffer> {
  const bytes = options.bytes ?? 200 * 1024 * 1024;
  return docxWithDocument(function* () {
    yield Buffer.from("<w:p><w:r><w:t>各部门：现将有关事项通知如下。</w:t></w:r></w:p><w:p><w:r><w:t>");
    yield* repeated(" ", bytes);
    yield Buffer.from("</w:t></w:r></w:p>");
  }, options);
}

/** `depth` nested content controls around one paragraph. */
export function nestedSdtDocx(depth = 200_000): Promise<Buffer> {
  return docxWithDocument(function* () {
    yield* repeated("<w:sdt><w:sdtContent>", depth * 21);
    yield Buffer.from("<w:p><w:r><w:t>嵌套</w:t></w:r></w:p>");
    yield* repeated("</w:sdtContent></w:sdt>", depth * 23);
  });
}
