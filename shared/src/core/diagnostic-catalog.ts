/**
 * The one catalog of diagnostic names. A name is permanent once released: tests, content and
 * learners' saved progress refer to it. Add new names; never rename or reuse one.
 * Each entry says what the name means; the message at the call site says the specifics.
 */
export const diagnosticCatalog = {
  // Dockerfile syntax (engine/dockerfile)
  UnknownInstruction: "A line starts with a word that is not a Dockerfile instruction.",
  MissingArguments: "An instruction that needs arguments has none.",
  InvalidFlag: "An instruction has a flag it does not accept, or a flag's value is malformed.",
  InvalidJson: "An exec-form (JSON array) argument list is not a valid JSON array of strings.",
  NoFromInstruction:
    "The Dockerfile has no FROM, or an instruction other than ARG comes before the first FROM.",
  InvalidEscapeDirective: "The escape parser directive names a character other than \\ or `.",
  DuplicateParserDirective: "A parser directive appears twice.",
  EmptyContinuationLine:
    "A blank line inside a continued instruction (deprecated; later Docker versions reject it).",
  InvalidVariableSubstitution: "A variable substitution (dollar-brace form) is malformed.",
  InvalidStageName: "A FROM ... AS name uses a name Docker rejects.",
  DuplicateStageName: "Two stages have the same name.",
  StageNameCasing: "A stage name is not all lower-case (Docker lower-cases it; BuildKit's linter warns).",
  UnterminatedHeredoc: "A here-document (<<EOF) has no terminating line.",
  InvalidDockerignorePattern:
    "A .dockerignore line is not a valid pattern (a lone ! or a malformed [class]).",
  UnknownStage: "COPY --from or --target names a stage that does not exist.",
  InvalidInstructionArguments: "An instruction's arguments do not have the form it requires.",
  BuildKitOnlyFeature: "The instruction uses a feature the classic builder rejects.",
  // Build (engine/build)
  BuildStepFailed: "A RUN step exited with a non-zero code.",
  CopySourceNotFound:
    "A COPY or ADD source does not exist in the build context (or was excluded by .dockerignore).",
  CopySourceOutsideContext: "A COPY or ADD source points outside the build context.",
  BaseImageNotFound: "FROM names an image that is neither in the local store nor in the simulated catalog.",
  MaxDepthExceeded: "The image would have more layers than the layer store allows.",
  InvalidBuildArgument: "A --build-arg or build option is malformed.",
  InvalidLayerArchive: "A layer or image archive is not a readable tar (or gzip-compressed tar).",
  // Shell (engine/shell)
  ShellSyntaxError: "A shell command line could not be parsed.",
  UnsupportedShellFeature: "A shell feature outside the simulated subset was used.",
  // Content (content loader), kept here so that every name lives in one place
  ContentSchemaError: "A lesson or question's frontmatter does not match the schema.",
  DuplicateId: "Two lessons or questions share an id.",
  MissingAnswer: "A question's answer is missing or not among its options.",
  MissingExplanation: "A question has no explanation.",
  BrokenLink: "A link between lessons and questions points nowhere.",
  ScenarioFailed: "A scenario block did not run.",
  ScenarioOutputMismatch: "A lesson shows output that differs from what the engine prints.",
  InvalidYaml: "A YAML block (frontmatter, a question block or tracks.yml) is not valid YAML.",
  MissingQuestionBlock: "A question section has no yaml block with its fields.",
  InvalidContentPath:
    "A content file is not where the layout says (lessons/<track>/<nn>-<slug>.md, questions/<topic>.md).",
  InvalidScenarioBlock:
    "A scenario code block is malformed (a console line without $, a layers block without image=).",
  UnknownParameter: "A scenario uses a {{placeholder}} that its params do not define.",
} as const satisfies Record<string, string>;

export type DiagnosticName = keyof typeof diagnosticCatalog;
