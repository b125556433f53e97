/**
 * fast-check generators of shell scripts for the busybox differential: arithmetic, parameter
 * expansions, quoting, here-documents, control flow, functions, pipelines through the text
 * applets, and file operations over a random small tree. Scripts only use what prints the same on
 * every run (no times, PIDs, inode numbers or directory listing order without `sort`).
 */
import fc from "fast-check";
import type { SeedEntry } from "./busybox-root.ts";

const NAMES = ["a", "b", "c", "f1", "f2", "dir", "x.txt", "y.log", "z.sh"];
const WORDS = [
  "alpha",
  "beta",
  "gamma",
  "1",
  "22",
  "-n",
  "x y",
  "a*",
  "",
  "q'uote",
  'dq"x',
  "$HOME",
  "tab\tsep",
  "back\\slash",
];
const VARIABLES = ["v1", "v2", "v3", "n", "s"];
const LINES = [
  "one two",
  "three four",
  "five",
  "alpha beta gamma",
  "10 20 30",
  "x:y:z",
  "  lead",
  "trail  ",
  "",
  "UPPER lower",
  "a,b,c",
  "42",
];

/** Single-quotes a word for the shell. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

const word = fc.constantFrom(...WORDS);
/** Variables that hold numbers: arithmetic reads and assigns only these. */
const numericVariable = fc.constantFrom("n", "m", "k");
const variable = fc.constantFrom(...VARIABLES);
const name = fc.constantFrom(...NAMES);
const smallInt = fc.integer({ min: -20, max: 40 });

const fileContent = fc
  .array(fc.constantFrom(...LINES), { minLength: 0, maxLength: 6 })
  .map((lines) => (lines.length === 0 ? "" : `${lines.join("\n")}\n`));

/** A random small tree under the script's working directory. */
export const seedTree: fc.Arbitrary<SeedEntry[]> = fc
  .record({
    files: fc.uniqueArray(fc.tuple(name, fileContent, fc.constantFrom(0o644, 0o600, 0o755, 0o444)), {
      minLength: 1,
      maxLength: 5,
      selector: ([fileName]) => fileName,
    }),
    subdir: fc.boolean(),
    link: fc.boolean(),
  })
  .map(({ files, subdir, link }) => {
    const entries: SeedEntry[] = [];
    if (subdir) entries.push({ path: "sub", kind: "dir", mode: 0o755 });
    for (const [fileName, content, mode] of files) {
      entries.push({ path: fileName, kind: "file", content, mode });
      if (subdir)
        entries.push({ path: `sub/${fileName}`, kind: "file", content: content.toUpperCase(), mode: 0o644 });
    }
    if (link) entries.push({ path: "lnk", kind: "symlink", target: files[0]?.[0] ?? "none" });
    return entries;
  });

/** Arithmetic expressions: every operator, parentheses, variables, assignments; no division by zero. */
const arithmetic: fc.Arbitrary<string> = fc.letrec((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    smallInt.map(String),
    numericVariable,
    fc.constantFrom("0x1f", "010", "7", "0"),
    fc
      .tuple(
        tie("expr"),
        fc.constantFrom("+", "-", "*", "<", ">", "<=", ">=", "==", "!=", "&&", "||", "&", "|", "^"),
        tie("expr"),
      )
      .map(([left, op, right]) => `(${left} ${op} ${right})`),
    fc
      .tuple(tie("expr"), fc.constantFrom("/", "%"), fc.integer({ min: 1, max: 9 }))
      .map(([left, op, right]) => `(${left} ${op} ${right})`),
    fc
      .tuple(tie("expr"), fc.constantFrom("<<", ">>"), fc.integer({ min: 0, max: 5 }))
      .map(([left, op, right]) => `(${left} ${op} ${right})`),
    fc.tuple(fc.constantFrom("-", "!", "~"), tie("expr")).map(([op, operand]) => `${op}(${operand})`),
    // busybox rejects assignments inside ?: branches ("malformed ?: operator"): plain operands there.
    fc
      .tuple(
        tie("expr"),
        fc.oneof(smallInt.map(String), numericVariable),
        fc.oneof(smallInt.map(String), numericVariable),
      )
      .map(([test, yes, no]) => `(${test} ? ${yes} : ${no})`),
    fc
      .tuple(numericVariable, fc.constantFrom("=", "+=", "-=", "*="), tie("expr"))
      .map(([target, op, value]) => `(${target} ${op} ${value})`),
    fc.tuple(fc.constantFrom("++", "--"), numericVariable).map(([op, target]) => `${op}${target}`),
    fc.tuple(numericVariable, fc.constantFrom("++", "--")).map(([target, op]) => `${target}${op}`),
  ),
})).expr as fc.Arbitrary<string>;

/** Parameter expansions of every kind. */
const expansion: fc.Arbitrary<string> = fc.oneof(
  variable.map((v) => `$${v}`),
  variable.map((v) => `"$${v}"`),
  variable.map((v) => `\${#${v}}`),
  fc
    .tuple(
      variable,
      fc.constantFrom(":-", "-", ":+", "+", ":=", "="),
      fc.constantFrom("dflt", "a b", "", "$v1"),
    )
    .map(([v, op, w]) => `"\${${v}${op}${w}}"`),
  fc
    .tuple(
      variable,
      fc.constantFrom("#", "##", "%", "%%"),
      fc.constantFrom("a", "*a", "a*", "?", "*", "[ab]*", "x"),
    )
    .map(([v, op, p]) => `"\${${v}${op}${p}}"`),
  fc
    .tuple(
      variable,
      fc.constantFrom("/", "//"),
      fc.constantFrom("a", "?", "[lt]", "b*"),
      fc.constantFrom("X", "", "<&>"),
    )
    .map(([v, op, p, r]) => `"\${${v}${op}${p}/${r}}"`),
  fc
    .tuple(variable, fc.integer({ min: -3, max: 4 }), fc.option(fc.integer({ min: 0, max: 3 })))
    .map(
      ([v, offset, length]) =>
        `"\${${v}:${offset < 0 ? ` ${offset}` : offset}${length === null ? "" : `:${length}`}}"`,
    ),
  arithmetic.map((expression) => `$((${expression}))`),
  fc.constantFrom("$#", '"$@"', "$*", '"$*"', "$1", '"${2-none}"', "$?"),
);

const argument = fc.oneof(
  word.map(shellQuote),
  expansion,
  fc.constantFrom("*", "*.txt", "?", "[fx]*", "sub/*", ".*", "nomatch*"),
);

/** Simple commands that print something. */
const printing: fc.Arbitrary<string> = fc.oneof(
  fc.array(argument, { maxLength: 4 }).map((args) => `echo ${args.join(" ")}`),
  fc
    .tuple(
      fc.constantFrom(
        "'%s\\n'",
        "'[%5s]\\n'",
        "'%d|%x|%o\\n'",
        "'%-4s|%3d\\n'",
        "'%s=%s\\n'",
        "'%b\\n'",
        "'%c%c\\n'",
      ),
      fc.array(argument, { maxLength: 3 }),
    )
    .map(([format, args]) => `printf ${format} ${args.join(" ")}`),
  fc
    .tuple(argument, fc.constantFrom("=", "!=", "-eq", "-lt", "-gt", "-z", "-n", "-f", "-d", "-e"), argument)
    .map(([left, op, right]) =>
      op.length === 2 && ["-z", "-n", "-f", "-d", "-e"].includes(op)
        ? `[ ${op} ${right} ] && echo yes || echo no`
        : `[ ${left} ${op} ${right} ] 2>/dev/null; echo $?`,
    ),
  fc.tuple(variable, argument).map(([v, value]) => `${v}=${value}; echo "[$${v}]"`),
  arithmetic.map((expression) => `echo $((${expression}))`),
);

/** Filters a pipeline can run text through. */
const filter = fc.constantFrom(
  "sort",
  "sort -r",
  "sort -n",
  "sort -u",
  "uniq",
  "uniq -c",
  "head -n 2",
  "tail -n 2",
  "tail -n +2",
  "wc -l",
  "wc -c",
  "tr a-z A-Z",
  "tr -d ' '",
  "tr -s ' '",
  "cut -c1-3",
  "cut -d' ' -f2",
  "cut -d: -f1",
  "grep -v o",
  "grep -c e",
  "grep -n a",
  "grep -o '[0-9]*'",
  "grep -E 'a|e'",
  "sed 's/o/0/g'",
  "sed -n '1p'",
  "sed '1d'",
  "sed 's/\\(.\\)\\(.\\)/\\2\\1/'",
  "sed -e '$!d'",
  "awk '{print $1}'",
  "awk '{print NF}'",
  "awk '{s += length($0)} END {print s + 0}'",
  "awk -F: '{print $NF}'",
  "awk 'NR % 2 == 1'",
  "awk '{printf \"%s-%d\\n\", $1, NR}'",
  "cat",
  "cat -n",
  "xargs echo",
  "xargs -n 1 echo",
);

const source = fc.oneof(
  name.map((file) => `cat ${file} 2>/dev/null`),
  fc
    .array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 4 })
    .map((lines) => `printf '%s\\n' ${lines.map(shellQuote).join(" ")}`),
  // A writer whose reader stops early dies of SIGPIPE before its later errors: keep stderr quiet.
  fc.constantFrom(
    "seq 5",
    "seq 3 -1 0",
    "ls",
    "ls -a",
    "find . -type f | sort",
    "echo $v1 $v2",
    "cat [a-c] 2>/dev/null",
  ),
);

const pipeline = fc
  .tuple(source, fc.array(filter, { minLength: 1, maxLength: 3 }))
  .map(([from, filters]) => [from, ...filters].join(" | "));

/** File-system operations on the seed tree (results compared as a tree afterwards). */
const fileOperation = fc.oneof(
  fc.tuple(argument, name).map(([value, file]) => `echo ${value} > ${file}`),
  fc.tuple(argument, name).map(([value, file]) => `echo ${value} >> ${file}`),
  name.map((file) => `mkdir -p ${file}/deep 2>&1`),
  name.map((file) => `rm -f ${file}`),
  name.map((file) => `rm -rf ${file}`),
  name.map((file) => `touch ${file}`),
  fc.tuple(name, name).map(([from, to]) => `cp ${from} ${to} 2>/dev/null; echo $?`),
  fc.tuple(name, name).map(([from, to]) => `mv ${from} ${to} 2>/dev/null; echo $?`),
  fc.tuple(name, name).map(([target, link]) => `ln -s ${target} ${link} 2>/dev/null; echo $?`),
  fc
    .tuple(fc.constantFrom("755", "600", "u+x", "go-r", "a=r", "u=rwx,g=rx,o=", "+x", "o+w", "g-w"), name)
    .map(([mode, file]) => `chmod ${mode} ${file} 2>/dev/null; echo $?`),
  // Zero-filled files get names of their own: C-string tools (sort, uniq) read NULs differently.
  fc
    .tuple(fc.constantFrom("z1.bin", "z2.bin"), fc.constantFrom("1", "1K", "3", "0", "2k"))
    .map(([file, size]) => `truncate -s ${size} ${file}; wc -c < ${file}`),
  fc
    .tuple(
      fc.constantFrom("z1.bin", "z2.bin"),
      fc.integer({ min: 0, max: 3 }),
      fc.constantFrom("1", "4", "1k", "2b"),
    )
    .map(
      ([file, count, bs]) =>
        `dd if=/dev/zero of=${file} bs=${bs} count=${count} 2>/dev/null; ls -l ${file} | cut -c1-10,30-42`,
    ),
  fc.constantFrom("z1.bin", "z2.bin").map((file) => `head -c 5 /dev/zero > ${file}; wc -c ${file}`),
  // gzip's bytes are busybox's own: compared through md5sum, wc -c and base64 (a pipe carries bytes).
  name.map((file) => `gzip -c ${file} 2>/dev/null | md5sum`),
  fc
    .tuple(source, fc.constantFrom("md5sum", "wc -c", "base64", "gunzip | md5sum"))
    .map(([from, reader]) => `${from} | gzip | ${reader}`),
  name.map((file) => `[ -e ${file} ] && echo exists || echo missing`),
  name.map((file) => `wc -c < ${file} 2>/dev/null`),
);

const simple = fc.oneof(
  { weight: 3, arbitrary: printing },
  { weight: 2, arbitrary: pipeline },
  { weight: 2, arbitrary: fileOperation },
);

/** Compound commands built from simple ones. */
const command: fc.Arbitrary<string> = fc.letrec((tie) => ({
  command: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    simple,
    simple,
    fc.tuple(tie("command"), tie("command")).map(([a, b]) => `${a} && ${b}`),
    fc.tuple(tie("command"), tie("command")).map(([a, b]) => `${a} || ${b}`),
    fc
      .tuple(simple, tie("command"), tie("command"))
      .map(([test, yes, no]) => `if ${test}; then ${yes}; else ${no}; fi`),
    fc
      .tuple(variable, fc.array(argument, { maxLength: 3 }), tie("command"))
      .map(([v, items, body]) => `for ${v} in ${items.join(" ")}; do ${body}; done`),
    // Each loop counts with its own variable, so nested loops cannot reset each other.
    fc
      .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 999_999 }), tie("command"))
      .map(
        ([count, id, body]) =>
          `w${id}=0; while [ $w${id} -lt ${count} ]; do w${id}=$((w${id}+1)); ${body}; done`,
      ),
    fc
      .tuple(
        argument,
        fc.constantFrom("a*", "*a*", "[0-9]*", "?", "''", "x|y*", "*"),
        tie("command"),
        tie("command"),
      )
      .map(([subject, pattern, a, b]) => `case ${subject} in ${pattern}) ${a};; *) ${b};; esac`),
    tie("command").map((body) => `( ${body} )`),
    tie("command").map((body) => `{ ${body}; }`),
    tie("command").map((body) => `x=$( ${body} ); echo "[$x]"`),
    // Each function has its own name: a body that redefined and called `f` would recurse until
    // busybox segfaults (the simulator stops it by its nesting budget instead).
    fc
      .tuple(fc.integer({ min: 0, max: 999_999 }), tie("command"))
      .map(([id, body]) => `f${id}() { local v1=local; ${body}; return 3; }; f${id} one two; echo "$? $v1"`),
    fc
      .tuple(tie("command"), fc.constantFrom("", "-"))
      .map(([body, dash]) => `cat <<${dash}EOF\nhere $v1 \`echo bq\` $((1+2))\n\tindented\nEOF\n${body}`),
    tie("command").map((body) => `cat <<'EOF'\nraw $v1 \\n\nEOF\n${body}`),
    tie("command").map((body) => `! ${body}; echo $?`),
    tie("command").map((body) => `set -- a 'b c' d; ${body}; shift; echo "$# $1"`),
    tie("command").map((body) => `${body} 2>&1 | head -n 3`),
  ),
})).command as fc.Arbitrary<string>;

const preamble = fc
  .tuple(
    fc.constantFrom("", "abc", "a b", "hello.tar.gz", "x*y"),
    fc.constantFrom("", "12", "path/to/file"),
    fc.integer({ min: 0, max: 9 }),
  )
  .map(([v1, v2, n]) => `v1=${shellQuote(v1)} v2=${shellQuote(v2)} n=${n} m=-3 k=0 s=${shellQuote("a:b:c")}`);

/** A whole script: a preamble, then one to four commands on separate lines. */
export const script: fc.Arbitrary<string> = fc
  .tuple(preamble, fc.array(command, { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([head, commands, errexit]) => `${errexit ? "set -e\n" : ""}${head}\n${commands.join("\n")}`);

export const scriptWithTree = fc.record({ script, seed: seedTree });
