/**
 * The busybox applets simulated here, one per file, gathered in one table. An applet that throws
 * a UsageError reports it as busybox does (exit 1).
 */
import type { CommandImplementation, CommandTable } from "../context.ts";
import { addgroup, adduser } from "./accounts.ts";
import { awk } from "./awk/index.ts";
import { base64 } from "./base64.ts";
import { cat } from "./cat.ts";
import { chmod } from "./chmod.ts";
import { chgrp, chown } from "./chown.ts";
import { cmp } from "./cmp.ts";
import { cut } from "./cut.ts";
import { date } from "./date.ts";
import { dd } from "./dd.ts";
import { du } from "./du.ts";
import { echo } from "./echo.ts";
import { env } from "./env.ts";
import { expr } from "./expr.ts";
import { install, mktemp } from "./files.ts";
import { find } from "./find.ts";
import { grep } from "./grep.ts";
import { gunzip, gzip, zcat } from "./gzip/index.ts";
import { head, tail } from "./head.ts";
import { id } from "./id.ts";
import { readlink, realpath } from "./links.ts";
import { mkdir } from "./mkdir.ts";
import { basename, dirname } from "./names.ts";
import { printf } from "./printf.ts";
import { sed } from "./sed/index.ts";
import { seq } from "./seq.ts";
import { sleep } from "./sleep.ts";
import { sort } from "./sort.ts";
import { stat } from "./stat.ts";
import { md5sum, sha1sum, sha256sum, sha512sum } from "./sums.ts";
import { UsageError } from "./support.ts";
import { tar } from "./tar.ts";
import { tee } from "./tee.ts";
import { test } from "./test.ts";
import { tr } from "./tr.ts";
import { truncate } from "./truncate.ts";
import { uniq } from "./uniq.ts";
import { xargs } from "./xargs.ts";
import { yes } from "./yes.ts";

function reportingUsage(implementation: CommandImplementation): CommandImplementation {
  return (argv, io, context) => {
    try {
      return implementation(argv, io, context);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.err(`${error.message}\n`);
      return 1;
    }
  };
}

const IMPLEMENTATIONS: CommandTable = {
  "[": test,
  addgroup,
  adduser,
  awk,
  base64,
  basename,
  cat,
  chgrp,
  chmod,
  chown,
  cmp,
  cut,
  date,
  dd,
  dirname,
  du,
  echo,
  egrep: grep,
  env,
  expr,
  fgrep: grep,
  find,
  grep,
  gunzip,
  gzip,
  head,
  id,
  install,
  md5sum,
  mkdir,
  mktemp,
  printf,
  readlink,
  realpath,
  sed,
  seq,
  sha1sum,
  sha256sum,
  sha512sum,
  sleep,
  sort,
  stat,
  tail,
  tar,
  tee,
  test,
  tr,
  truncate,
  uniq,
  xargs,
  yes,
  zcat,
};

export const APPLETS: CommandTable = Object.fromEntries(
  Object.entries(IMPLEMENTATIONS).map(([name, implementation]) => [name, reportingUsage(implementation)]),
);
