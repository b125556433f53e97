/**
 * The busybox applets that work on files and the shell itself as a command, joined in one table
 * beside the applets of applets/index.ts. Each is a file of applets/ (sh-command.ts for sh). They
 * work on the `MountedFs` of the container or RUN step, so their effects land in the writable layer
 * exactly as the kernel's overlayfs would put them there (copy-up, whiteouts).
 */
import { cp } from "./applets/cp.ts";
import { ln } from "./applets/ln.ts";
import { ls } from "./applets/ls.ts";
import { mv } from "./applets/mv.ts";
import { rm, rmdir } from "./applets/rm.ts";
import { pwd, uname, which, whoami } from "./applets/system.ts";
import { touch } from "./applets/touch.ts";
import { wc } from "./applets/wc.ts";
import type { CommandTable } from "./context.ts";
import { sh } from "./sh-command.ts";

export { registerShellRunner } from "./sh-command.ts";

export const BUSYBOX_COMMANDS: CommandTable = {
  cp,
  false: () => 1,
  ln,
  ls,
  mv,
  pwd,
  rm,
  rmdir,
  sh,
  // busybox links ash to the same shell as sh (Alpine's and busybox's images have /bin/ash).
  ash: sh,
  touch,
  true: () => 0,
  uname,
  wc,
  which,
  whoami,
};
