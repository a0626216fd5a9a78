#!/usr/bin/env python3
"""What each part of the app's wasm costs, gzipped (docs/PERFORMANCE.md, issue 11).

    wasm_parts.py NAMED.wasm [PRESETS_DIR [I18N_RS]]

NAMED.wasm is the app's wasm built as the site's is, but with function names kept
(docs/measure/measure.sh: wasm-bindgen, `wasm-opt -Oz -g` with the site's options, then
web/shrink-wasm.mjs). Each function is put in a part by its (demangled) name, the first rule of
PARTS that matches; the part's cost is *marginal*: gzip -9 of the whole module without the name
section, minus gzip -9 of the same module with that part's function bodies (for data parts, its
bytes; for sections, the section) cut out. Marginal costs do not add up exactly to the total
(what compresses against what changes), but each says what removing the part would save. Raw
bytes are given too. Data parts: the presets' .tl texts (PRESETS_DIR), the English words of
i18n.rs (its string literals without Chinese, found in the data), the Chinese strings left.
"""
import gzip
import re
import sys
from collections import OrderedDict

# (part, regular expression on the function's name), first match wins.
PARTS = [
    ("link (encode, decode, base64url)", r"^threadlab_share::(link|base64url)::"),
    ("deflate (own encoder)", r"^threadlab_share::deflate::"),
    ("inflate (miniz_oxide)", r"^miniz_oxide::"),
    ("exports (SVG, CSV, trace JSON)", r"^threadlab_share::(svg_export|csv_export|trace_export)::"),
    ("share: palette, decimal", r"^threadlab_share::"),
    ("parser (lexer, parser)", r"^threadlab_sim::(lexer|parser)::|Lexer|Parser"),
    ("compiler (program.rs)", r"^threadlab_sim::program::|Compiler"),
    ("printer (format::to_text)", r"^threadlab_sim::format::"),
    ("core simulation (engine, rules, stats, trace)", r"^threadlab_sim::|threadlab_sim::"),
    ("app: state, form, url_state, timeline, job", r"^threadlab_web::(state|form|url_state|timeline|job|browser)::|threadlab_web::(state|form|url_state|timeline|job|browser)::"),
    ("app: i18n (code)", r"threadlab_web::i18n::"),
    ("app: Chinese texts on demand (zh_texts, presets_zh)", r"threadlab_web::(presets_zh|zh_texts)::"),
    ("app: components (their own functions)", r"threadlab_web::components::|threadlab_web::app::"),
    ("yew: components' render bodies (generic, inlined)", r"CompStateInner<COMP>|FunctionProvider|BaseComponent"),
    ("yew runtime (virtual DOM, hooks, scheduler)", r"^<?yew|yew::|implicit_clone|prokio"),
    ("wasm-bindgen, js-sys, web-sys, gloo", r"wasm_bindgen|js_sys|web_sys|gloo|__wbg|__wbindgen"),
    ("allocator (dlmalloc)", r"dlmalloc|__rust_alloc|__rdl|alloc::alloc"),
    ("formatting (core::fmt)", r"core::fmt|core\[[0-9a-f]+\]::fmt|<.* as core::fmt|Formatter|write_fmt|Display|Debug"),
    ("panics", r"panic|unwrap_failed|expect_failed|assert_failed"),
    ("std, alloc, core: collections, strings, sorting", r""),
]


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def sections(b):
    i = 8
    while i < len(b):
        sid = b[i]
        size, j = leb(b, i + 1)
        yield sid, i, j, j + size
        i = j + size


def parse(b):
    imports = 0
    bodies = []  # (start, end) of each body, in function order
    names = {}
    name_sec = None
    data = None
    for sid, start, cs, ce in sections(b):
        if sid == 2:
            n, i = leb(b, cs)
            for _ in range(n):
                for _ in range(2):
                    ln, i = leb(b, i)
                    i += ln
                kind = b[i]
                i += 1
                if kind == 0:
                    imports += 1
                    _, i = leb(b, i)
                elif kind == 1:
                    i += 1
                    flags, i = leb(b, i)
                    _, i = leb(b, i)
                    if flags & 1:
                        _, i = leb(b, i)
                elif kind == 2:
                    flags, i = leb(b, i)
                    _, i = leb(b, i)
                    if flags & 1:
                        _, i = leb(b, i)
                elif kind == 3:
                    i += 2
                else:
                    raise ValueError("import kind %d" % kind)
        elif sid == 10:
            n, i = leb(b, cs)
            for _ in range(n):
                size, j = leb(b, i)
                bodies.append((i, j + size))
                i = j + size
        elif sid == 11:
            data = (cs, ce)
        elif sid == 0:
            ln, i = leb(b, cs)
            if b[i:i + ln] == b"name":
                name_sec = (start, ce)
                i += ln
                while i < ce:
                    sub = b[i]
                    size, j = leb(b, i + 1)
                    if sub == 1:
                        n, k = leb(b, j)
                        for _ in range(n):
                            idx, k = leb(b, k)
                            ln2, k = leb(b, k)
                            names[idx] = b[k:k + ln2].decode("utf-8", "replace")
                            k += ln2
                    i = j + size
    return imports, bodies, names, name_sec, data


def segments(b, data):
    """The active data segments: (memory address, file offset, length)."""
    out = []
    n, i = leb(b, data[0])
    for _ in range(n):
        flags, i = leb(b, i)
        if flags == 2:
            _, i = leb(b, i)
        addr = None
        if flags in (0, 2):
            i += 1
            r = s = 0
            while True:
                x = b[i]
                i += 1
                r |= (x & 0x7F) << s
                s += 7
                if x < 0x80:
                    break
            i += 1
            addr = r
        ln, i = leb(b, i)
        if addr is not None:
            out.append((addr, i, ln))
        i += ln
    return out


def locations(b, data):
    """The byte ranges of the panic `Location` records and the paths they name (as
    web/shrink-wasm.mjs finds them)."""
    import struct
    segs = segments(b, data)

    def at(addr, ln):
        for a, fo, sl in segs:
            if a <= addr and addr + ln <= a + sl:
                return fo + addr - a
        return -1

    out, paths = [], {}
    for a, fo, sl in segs:
        for k in range((-a) % 4, sl - 15, 4):
            p, ln, line, col = struct.unpack_from("<IIII", b, fo + k)
            if 4 <= ln <= 300 and 1 <= line < 100000 and 1 <= col < 1000:
                f = at(p, ln)
                if f >= 0 and b[f + ln - 3:f + ln] == b".rs" and all(0x20 <= c < 0x7F for c in b[f:f + ln]):
                    out.append((fo + k, fo + k + 16))
                    paths[f] = ln
    return sorted(out + [(f, f + ln) for f, ln in paths.items()])


def gz(parts):
    return len(gzip.compress(b"".join(parts), 9))


def without(b, cuts):
    """b without the byte ranges `cuts` (sorted, disjoint)."""
    out, last = [], 0
    for s, e in cuts:
        out.append(b[last:s])
        last = e
    out.append(b[last:])
    return out


def main():
    b = open(sys.argv[1], "rb").read()
    imports, bodies, names, name_sec, data = parse(b)
    base = [b[:name_sec[0]], b[name_sec[1]:]] if name_sec else [b]
    module = b"".join(base)
    # Offsets below are in `b`; the name section is cut out with every part.
    total = gz([module])
    groups = OrderedDict((p, []) for p, _ in PARTS)
    rules = [(p, re.compile(r)) for p, r in PARTS]
    for k, (s, e) in enumerate(bodies):
        name = names.get(k + imports, "")
        for p, r in rules:
            if r.search(name):
                groups[p].append((s, e))
                break
    extra = {}
    if len(sys.argv) > 2:
        # Data parts: the preset texts and the app's Chinese words, found in the data section.
        import glob
        ranges = []
        for f in sorted(glob.glob(sys.argv[2] + "/*.tl")):
            t = open(f, "rb").read()
            at = b.find(t, data[0], data[1])
            if at >= 0:
                ranges.append((at, at + len(t)))
        extra["data: the presets' .tl texts"] = ranges
        zh = []
        for m in re.finditer(rb"(?:[\xe2-\xef][\x80-\xbf]{2}|[\x20-\x7e]){0,400}[\xe4-\xe9][\x80-\xbf]{2}(?:[\xe2-\xef][\x80-\xbf]{2}|[\x20-\x7e])*", b[data[0]:data[1]]):
            zh.append((data[0] + m.start(), data[0] + m.end()))
        extra["data: Chinese strings (UTF-8 runs with CJK)"] = zh
    if len(sys.argv) > 3:
        src = open(sys.argv[3], encoding="utf-8").read()
        words = set()
        for lit in re.findall(r'"((?:[^"\\]|\\.)*)"', src):
            if len(lit) >= 4 and "\\" not in lit and not re.search("[\u3000-\u9fff\uff00-\uffef]", lit):
                words.add(lit.encode())
        ranges = []
        seg = b[data[0]:data[1]]
        for word in sorted(words, key=len, reverse=True):
            at = seg.find(word)
            if at >= 0:
                ranges.append((data[0] + at, data[0] + at + len(word)))
        # Overlapping finds (a word inside a longer one) count once.
        merged = []
        for s_, e_ in sorted(ranges):
            if merged and s_ < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e_))
            else:
                merged.append((s_, e_))
        extra["data: the English words of i18n.rs"] = merged
    extra["data: panic locations (paths, line, column)"] = locations(b, data)
    for sid, label in ((2, "section: imports (names, types)"), (7, "section: exports"), (9, "section: element (function table)")):
        extra[label] = [(st, en) for i_, st, _, en in sections(b) if i_ == sid]
    print("total (no name section): %d B raw, %d B gzip" % (len(module), total))
    print("%-52s %9s %9s %6s" % ("part", "raw B", "gzip B", "fns"))
    allparts = list(groups.items()) + list(extra.items())
    s_raw = s_gz = 0
    for p, cuts in allparts:
        cuts = sorted(cuts + ([name_sec] if name_sec else []))
        raw = sum(e - s for s, e in cuts) - (name_sec[1] - name_sec[0] if name_sec else 0)
        g = total - gz(without(b, cuts))
        print("%-52s %9d %9d %6d" % (p, raw, g, len(cuts) - (1 if name_sec else 0)))
        if not p.startswith(("data:", "section:")):
            s_raw += raw
            s_gz += g
    code_total = sum(e - s for s, e in bodies)
    print("%-52s %9d %9d" % ("sum of the function parts", s_raw, s_gz))
    whole_data = total - gz(without(b, sorted([data] + ([name_sec] if name_sec else []))))
    print("%-52s %9d %9d" % ("data section (all of it)", data[1] - data[0], whole_data))
    print("code section bodies: %d B raw" % code_total)


if __name__ == "__main__":
    main()
