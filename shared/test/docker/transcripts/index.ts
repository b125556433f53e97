/** Every transcript of the Docker differential suite, in name order. */
import type { Transcript } from "../transcript.ts";
import { transcript as addLocalArchive } from "./add-local-archive.ts";
import { transcript as appletsArchives } from "./applets-archives.ts";
import { transcript as appletsFiles } from "./applets-files.ts";
import { transcript as appletsText } from "./applets-text.ts";
import { transcript as appletsTime } from "./applets-time.ts";
import { transcript as appletsUsers } from "./applets-users.ts";
import { transcript as buildCacheStages } from "./build-cache-stages.ts";
import { transcript as buildCacheUsage } from "./build-cache-usage.ts";
import { transcript as cacheAfterFailedBuild } from "./cache-after-failed-build.ts";
import { transcript as cacheArgThenCopy } from "./cache-arg-then-copy.ts";
import { transcript as cacheBuildArg } from "./cache-build-arg.ts";
import { transcript as cacheCopyContent } from "./cache-copy-content.ts";
import { transcript as cacheCopyDirectory } from "./cache-copy-directory.ts";
import { transcript as cacheCopyFromUnchangedArtifact } from "./cache-copy-from-unchanged-artifact.ts";
import { transcript as cacheCopyMetadataOnly } from "./cache-copy-metadata-only.ts";
import { transcript as cacheCopyMode } from "./cache-copy-mode.ts";
import { transcript as cacheDockerignore } from "./cache-dockerignore.ts";
import { transcript as cacheEnvChange } from "./cache-env-change.ts";
import { transcript as cacheExposeCmdChange } from "./cache-expose-cmd-change.ts";
import { transcript as cacheInstructionText } from "./cache-instruction-text.ts";
import { transcript as cacheLabelChange } from "./cache-label-change.ts";
import { transcript as cacheNoCache } from "./cache-no-cache.ts";
import { transcript as cacheProxyArg } from "./cache-proxy-arg.ts";
import { transcript as cacheStageReset } from "./cache-stage-reset.ts";
import { transcript as cacheUnrelatedFile } from "./cache-unrelated-file.ts";
import { transcript as cacheWorkdirUserShellChange } from "./cache-workdir-user-shell-change.ts";
import { transcript as chmodTouchChownLower } from "./chmod-touch-chown-lower.ts";
import { transcript as cmdEntrypointForms } from "./cmd-entrypoint-forms.ts";
import { transcript as configFields } from "./config-fields.ts";
import { transcript as containerCommitOptions } from "./container-commit-options.ts";
import { transcript as containerFailingRuns } from "./container-failing-runs.ts";
import { transcript as containerFiles } from "./container-files.ts";
import { transcript as containerLifecycle } from "./container-lifecycle.ts";
import { transcript as containerRenameChownLink } from "./container-rename-chown-link.ts";
import { transcript as containerSizesAndVolumes } from "./container-sizes-and-volumes.ts";
import { transcript as containerWritesAndCommit } from "./container-writes-and-commit.ts";
import { transcript as contextSameSizeAndMtime } from "./context-same-size-and-mtime.ts";
import { transcript as copyChmodFlag } from "./copy-chmod-flag.ts";
import { transcript as copyFromImageAndIndex } from "./copy-from-image-and-index.ts";
import { transcript as copyIdenticalTwice } from "./copy-identical-twice.ts";
import { transcript as copyLink } from "./copy-link.ts";
import { transcript as copyLinkStages } from "./copy-link-stages.ts";
import { transcript as deleteInLaterLayer } from "./delete-in-later-layer.ts";
import { transcript as diffDirectories } from "./diff-directories.ts";
import { transcript as directoryLinks } from "./directory-links.ts";
import { transcript as envAndArgExpansion } from "./env-and-arg-expansion.ts";
import { transcript as failErrorTexts } from "./fail-error-texts.ts";
import { transcript as failMissingCopySource } from "./fail-missing-copy-source.ts";
import { transcript as failRunExitCodes } from "./fail-run-exit-codes.ts";
import { transcript as failUnknownInstruction } from "./fail-unknown-instruction.ts";
import { transcript as heredocCopy } from "./heredoc-copy.ts";
import { transcript as heredocFailures } from "./heredoc-failures.ts";
import { transcript as heredocForms } from "./heredoc-forms.ts";
import { transcript as heredocRun } from "./heredoc-run.ts";
import { transcript as historyStrings } from "./history-strings.ts";
import { transcript as hostFilesRestart } from "./host-files-restart.ts";
import { transcript as inspectFormat } from "./inspect-format.ts";
import { transcript as instructionsEveryKind } from "./instructions-every-kind.ts";
import { transcript as multistageFromStage } from "./multistage-from-stage.ts";
import { transcript as multistageTarget } from "./multistage-target.ts";
import { transcript as multistageUnusedStage } from "./multistage-unused-stage.ts";
import { transcript as onbuildTrigger } from "./onbuild-trigger.ts";
import { transcript as opaqueDirRecreate } from "./opaque-dir-recreate.ts";
import { transcript as prune } from "./prune.ts";
import { transcript as rmiAndIntermediateImages } from "./rmi-and-intermediate-images.ts";
import { transcript as runCreateDeleteSameStep } from "./run-create-delete-same-step.ts";
import { transcript as runEmptyAndCopyUp } from "./run-empty-and-copy-up.ts";
import { transcript as runMountCache } from "./run-mount-cache.ts";
import { transcript as runMountCacheShared } from "./run-mount-cache-shared.ts";
import { transcript as secretMount } from "./secret-mount.ts";
import { transcript as shellArithCaseFunctions } from "./shell-arith-case-functions.ts";
import { transcript as shellEnvironment } from "./shell-environment.ts";
import { transcript as shellGetoptsTrap } from "./shell-getopts-trap.ts";
import { transcript as shellHeredocsAndOptions } from "./shell-heredocs-and-options.ts";
import { transcript as shellIssueTableLanguage } from "./shell-issue-table-language.ts";
import { transcript as shellIssueTableTools } from "./shell-issue-table-tools.ts";
import { transcript as systemDfSharedLayers } from "./system-df-shared-layers.ts";
import { transcript as userRootWithoutEtcGroup } from "./user-root-without-etc-group.ts";
import { transcript as userWorkdirOwnership } from "./user-workdir-ownership.ts";
import { transcript as volumeThenRun } from "./volume-then-run.ts";
import { transcript as workdirNewAndExisting } from "./workdir-new-and-existing.ts";

export const allTranscripts: readonly Transcript[] = [
  addLocalArchive,
  appletsArchives,
  appletsFiles,
  appletsText,
  appletsTime,
  appletsUsers,
  buildCacheStages,
  buildCacheUsage,
  cacheAfterFailedBuild,
  cacheArgThenCopy,
  cacheBuildArg,
  cacheCopyContent,
  cacheCopyDirectory,
  cacheCopyFromUnchangedArtifact,
  cacheCopyMetadataOnly,
  cacheCopyMode,
  cacheDockerignore,
  cacheEnvChange,
  cacheExposeCmdChange,
  cacheInstructionText,
  cacheLabelChange,
  cacheNoCache,
  cacheProxyArg,
  cacheStageReset,
  cacheUnrelatedFile,
  cacheWorkdirUserShellChange,
  chmodTouchChownLower,
  cmdEntrypointForms,
  configFields,
  containerCommitOptions,
  containerFailingRuns,
  containerFiles,
  containerLifecycle,
  containerRenameChownLink,
  containerSizesAndVolumes,
  containerWritesAndCommit,
  contextSameSizeAndMtime,
  copyChmodFlag,
  copyFromImageAndIndex,
  copyIdenticalTwice,
  copyLink,
  copyLinkStages,
  deleteInLaterLayer,
  diffDirectories,
  directoryLinks,
  envAndArgExpansion,
  failErrorTexts,
  failMissingCopySource,
  failRunExitCodes,
  failUnknownInstruction,
  heredocCopy,
  heredocFailures,
  heredocForms,
  heredocRun,
  historyStrings,
  hostFilesRestart,
  inspectFormat,
  instructionsEveryKind,
  multistageFromStage,
  multistageTarget,
  multistageUnusedStage,
  onbuildTrigger,
  opaqueDirRecreate,
  prune,
  rmiAndIntermediateImages,
  runCreateDeleteSameStep,
  runEmptyAndCopyUp,
  runMountCache,
  runMountCacheShared,
  secretMount,
  shellArithCaseFunctions,
  shellEnvironment,
  shellGetoptsTrap,
  shellHeredocsAndOptions,
  shellIssueTableLanguage,
  shellIssueTableTools,
  systemDfSharedLayers,
  userRootWithoutEtcGroup,
  userWorkdirOwnership,
  volumeThenRun,
  workdirNewAndExisting,
];
