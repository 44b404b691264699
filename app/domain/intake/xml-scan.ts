/**
 * One pass over an XML part's text, before anything builds a DOM of it: how deep elements nest,
 * how many there are, and where the children of the WordprocessingML body start and end — so a
 * hostile part (200,000 nested <w:sdt>, millions of empty elements) is refused in linear time, and
 * a large document can be read in slices of whole top-level blocks (paragraphs, tables) instead
 * of as one tree.
 *
 * It is a tokenizer, not a parser: it knows tags, end tags, self-closing tags, comments, CDATA,
 * processing instructions and quoted attribute values (which may contain ">"), which is all it
 * takes to count depth; well-formedness is left to the real parser that reads each slice.
 */

export type XmlScanLimits = { maxDepth: number; maxElements: number };

export type XmlScan =
  | {
      ok: true;
      depth: number;
      elements: number;
      /** the body element (<w:body>, any prefix) when present: end of its start tag, start of its end tag, and its children as [start, end) ranges */
      body: { openEnd: number; closeStart: number; children: [number, number][] } | null;
    }
  | { ok: false; problem: "depth" | "elements" | "syntax"; depth: number; elements: number };

const BODY = /^[A-Za-z_][\w.-]*:body$|^body$/;

function tagName(xml: string, from: number): string {
  let end = from;
  while (end < xml.length) {
    const c = xml.charCodeAt(end);
    // whitespace, "/", ">" end a name
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f || c === 0x3e) break;
    end++;
  }
  return xml.slice(from, end);
}

/** Index just past the ">" that ends the start tag opened at `lt`, honouring quoted values; -1 when unterminated. */
function endOfStartTag(xml: string, lt: number): number {
  let i = lt + 1;
  while (i < xml.length) {
    const c = xml.charCodeAt(i);
    if (c === 0x22 || c === 0x27) {
      const close = xml.indexOf(c === 0x22 ? '"' : "'", i + 1);
      if (close < 0) return -1;
      i = close + 1;
      continue;
    }
    if (c === 0x3e) return i + 1;
    i++;
  }
  return -1;
}

export function scanXml(xml: string, limits: XmlScanLimits): XmlScan {
  let depth = 0;
  let maxDepth = 0;
  let elements = 0;
  let bodyDepth = -1;
  let bodyOpenEnd = -1;
  let bodyCloseStart = -1;
  let childStart = -1;
  const children: [number, number][] = [];
  const fail = (problem: "depth" | "elements" | "syntax"): XmlScan => ({ ok: false, problem, depth: maxDepth, elements });

  let i = xml.indexOf("<");
  while (i >= 0) {
    const next = xml.charCodeAt(i + 1);
    let end: number;
    if (next === 0x2f) {
      // </name>
      end = xml.indexOf(">", i + 2);
      if (end < 0) return fail("syntax");
      end += 1;
      depth--;
      if (depth < 0) return fail("syntax");
      if (bodyDepth >= 0) {
        if (depth === bodyDepth) {
          bodyCloseStart = i;
          bodyDepth = -2; // done with the body
        } else if (depth === bodyDepth + 1 && childStart >= 0) {
          children.push([childStart, end]);
          childStart = -1;
        }
      }
    } else if (next === 0x3f) {
      // <? … ?>
      end = xml.indexOf("?>", i + 2);
      if (end < 0) return fail("syntax");
      end += 2;
    } else if (next === 0x21) {
      // <!-- … -->, <![CDATA[ … ]]>, <!DOCTYPE …>
      if (xml.startsWith("<!--", i)) end = xml.indexOf("-->", i + 4) + 3;
      else if (xml.startsWith("<![CDATA[", i)) end = xml.indexOf("]]>", i + 9) + 3;
      else end = xml.indexOf(">", i + 2) + 1;
      if (end <= i) return fail("syntax");
    } else {
      end = endOfStartTag(xml, i);
      if (end < 0) return fail("syntax");
      elements++;
      if (elements > limits.maxElements) return fail("elements");
      const selfClosing = xml.charCodeAt(end - 2) === 0x2f;
      if (bodyDepth >= 0 && depth === bodyDepth + 1 && childStart < 0) childStart = i;
      if (selfClosing) {
        if (bodyDepth >= 0 && depth === bodyDepth + 1 && childStart === i) {
          children.push([i, end]);
          childStart = -1;
        }
      } else {
        if (bodyDepth === -1 && BODY.test(tagName(xml, i + 1))) {
          bodyDepth = depth;
          bodyOpenEnd = end;
        }
        depth++;
        if (depth > maxDepth) {
          maxDepth = depth;
          if (maxDepth > limits.maxDepth) return fail("depth");
        }
      }
    }
    i = xml.indexOf("<", end);
  }
  if (depth !== 0) return fail("syntax");
  const body = bodyOpenEnd >= 0 && bodyCloseStart >= 0 ? { openEnd: bodyOpenEnd, closeStart: bodyCloseStart, children } : null;
  return { ok: true, depth: maxDepth, elements, body };
}

/**
 * The document cut into well-formed documents of whole body children, each at most about
 * `maxChars` long (a single child longer than that is a slice of its own): the text before the
 * first child (declaration, root start tag with its namespaces, <w:body>) and after the last
 * child (</w:body></w:document>) are repeated around every slice.
 */
export function sliceBody(xml: string, body: NonNullable<Extract<XmlScan, { ok: true }>["body"]>, maxChars: number): string[] {
  const head = xml.slice(0, body.openEnd);
  const tail = xml.slice(body.closeStart);
  if (body.children.length === 0) return [xml];
  const slices: string[] = [];
  let from = body.children[0][0];
  let to = from;
  for (const [start, end] of body.children) {
    if (end - from > maxChars && to > from) {
      slices.push(head + xml.slice(from, to) + tail);
      from = start;
    }
    to = end;
  }
  slices.push(head + xml.slice(from, to) + tail);
  return slices;
}
