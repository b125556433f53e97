/**
 * What the simulated busybox offers, applet by applet, with the options each one simulates: the
 * playground lists this so a learner knows what a RUN line can use. Applets not listed answer as
 * busybox does for an applet it was built without (`x: applet not found`).
 */
export interface SimulatedApplet {
  readonly name: string;
  /** The options and forms simulated, in busybox's usage notation. */
  readonly options: string;
}

export const SIMULATED_APPLETS: readonly SimulatedApplet[] = [
  { name: "[", options: "EXPR ] (as test)" },
  { name: "addgroup", options: "[-g GID] [-S] GROUP | USER GROUP (Alpine's rules)" },
  {
    name: "adduser",
    options: "[-h DIR] [-g GECOS] [-s SHELL] [-G GROUP] [-S] [-D] [-H] [-u UID] USER [GROUP]",
  },
  { name: "ash", options: "-c SCRIPT [NAME [ARG]…] | FILE [ARG]… (as sh)" },
  {
    name: "awk",
    options:
      "[-F FS] [-v VAR=VAL] [-f FILE | PROG] [FILE | VAR=VAL]…: patterns, ranges, BEGIN/END, arrays, functions, printf, getline, > >> | output",
  },
  { name: "base64", options: "[-d] [-w COLS] [FILE]" },
  { name: "basename", options: "NAME [SUFFIX]" },
  { name: "cat", options: "[-nb] [FILE]…" },
  { name: "chgrp", options: "[-Rhf] GROUP FILE…" },
  { name: "chmod", options: "[-Rfvc] MODE FILE… (octal, u/g/o/a ±= rwxXst, u/g/o copies, comma lists)" },
  { name: "chown", options: "[-RhHLPf] USER[:GROUP] | USER: | :GROUP | USER.GROUP FILE…" },
  { name: "cmp", options: "[-s] FILE1 [FILE2]" },
  { name: "cp", options: "[-rRpaf] SRC… DEST" },
  { name: "cut", options: "-b/-c/-f LIST [-d DELIM] [-s] [FILE]…" },
  { name: "date", options: "[-u] [-R] [-I[SPEC]] [-d TIME] [-r FILE] [+FORMAT] (simulated clock)" },
  {
    name: "dd",
    options:
      "if= of= bs= ibs= obs= count= skip= seek= conv=notrunc,sync,noerror,fsync status=none|noxfer (c w b kB k MB M GB G suffixes)",
  },
  { name: "dirname", options: "NAME" },
  { name: "du", options: "[-aschkm] [-d N] [FILE]…" },
  { name: "echo", options: "[-neE] [ARG]…" },
  { name: "egrep", options: "as grep -E" },
  { name: "env", options: "[-i] [-u NAME]… [NAME=VALUE]… [COMMAND [ARG]…]" },
  { name: "expr", options: "EXPRESSION (| & = != < <= > >= + - * / % : match substr index length quote)" },
  { name: "false", options: "" },
  { name: "fgrep", options: "as grep -F" },
  {
    name: "find",
    options:
      "[PATH]… -name -iname -path -regex -type -size -perm -empty -user -group -uid -gid -links -mtime -mmin -newer -maxdepth -mindepth -depth -prune -print -print0 -exec {} ; -exec {} + -delete ! -a -o ( )",
  },
  {
    name: "grep",
    options: "[-EFvoilLcnqswxhHrR] [-e PATTERN]… [-f FILE] [-m N] [-A/-B/-C N] [PATTERN] [FILE]…",
  },
  { name: "gunzip", options: "[-cfkt] [FILE]…" },
  { name: "gzip", options: "[-cdfkt] [-1…-9 -n: accepted, ignored as in Debian's busybox] [FILE]…" },
  { name: "head", options: "[-n N|-N] [-c N] (b k m suffixes, -n -N) [-qv] [FILE]…" },
  { name: "id", options: "[-ugGnr] [USER]" },
  { name: "install", options: "[-cdDps] [-m MODE] [-o USER] [-g GROUP] [-t DIR] SRC… DEST" },
  { name: "ln", options: "[-sfv] TARGET [LINK]" },
  { name: "ls", options: "[-laAdniR1] [FILE]…" },
  { name: "md5sum", options: "[-c] [-s] [FILE]…" },
  { name: "mkdir", options: "[-p] [-m MODE] DIR…" },
  { name: "mktemp", options: "[-dqut] [-p DIR] [TEMPLATE]" },
  { name: "mv", options: "[-f] SRC… DEST" },
  {
    name: "printf",
    options: "FORMAT [ARG]… (%d %i %o %u %x %X %f %e %g %c %s %b %%, flags, width, precision, *)",
  },
  { name: "pwd", options: "" },
  { name: "readlink", options: "[-fnev] FILE" },
  { name: "realpath", options: "FILE…" },
  { name: "rm", options: "[-rRf] FILE…" },
  { name: "rmdir", options: "DIR…" },
  {
    name: "sed",
    options:
      "[-n] [-e SCRIPT]… [-f FILE] [-i[SUFFIX]] [-E|-r] [-s]: addresses N $ /re/ \\cREc A,B A,+N !; s y d D p P n N g G h H x a i c = l q Q r w b t T : { }",
  },
  { name: "seq", options: "[-w] [-s SEP] [FIRST [INC]] LAST" },
  { name: "sh", options: "-c SCRIPT [NAME [ARG]…] | FILE [ARG]… (busybox ash)" },
  { name: "sha1sum", options: "[-c] [-s] [FILE]…" },
  { name: "sha256sum", options: "[-c] [-s] [FILE]…" },
  { name: "sha512sum", options: "[-c] [-s] [FILE]…" },
  { name: "sleep", options: "N[smhd]… (simulated time)" },
  { name: "sort", options: "[-nrufbsc] [-t SEP] [-k KEY]… [-o FILE] [FILE]…" },
  {
    name: "stat",
    options: "[-L] [-c FORMAT] FILE… (%n %N %s %a %A %f %F %u %g %U %G %i %h %b %B %o %x %y %z %X %Y %Z)",
  },
  { name: "tail", options: "[-n N|+N|-N] [-c N] (b k m suffixes) [-qv] [FILE]…" },
  { name: "tar", options: "-c|-x|-t [-zvO] [-f FILE] [-C DIR] [FILE]… (and `tar czf …`)" },
  { name: "tee", options: "[-a] [FILE]…" },
  {
    name: "test",
    options:
      "EXPR (-e -f -d -s -r -w -x -h -L -u -g -k -O -G -z -n = != < > -eq -ne -lt -le -gt -ge -nt -ot -ef ! -a -o ( ))",
  },
  { name: "touch", options: "[-c] FILE…" },
  { name: "tr", options: "[-cds] SET1 [SET2] (ranges, [:class:], [x*n], escapes)" },
  { name: "true", options: "" },
  { name: "truncate", options: "[-c] -s SIZE (k K kB KB M MB G GB T TB) FILE…" },
  { name: "uname", options: "[-am]" },
  { name: "uniq", options: "[-cdui] [-f N] [-s N] [-w N] [INPUT]" },
  { name: "wc", options: "[-lwmcL] [FILE]…" },
  { name: "which", options: "NAME…" },
  { name: "whoami", options: "" },
  { name: "xargs", options: "[-0rt] [-n N] [-L N] [-I STR] [-d DELIM] [COMMAND [ARG]…]" },
  { name: "yes", options: "[STRING]…" },
  { name: "zcat", options: "[FILE]… (several gzip members in one stream too)" },
];
