/**
 * `/simulate`: a modal takes a Dockerfile (and optionally a command); the engine builds it twice
 * (the second build shows the cache at work), runs the command in a container, and the reply shows
 * the steps with their cache decisions, the layers and sizes, and a layer diagram as a PNG.
 */
import { createSimulatedClock } from "@layercake/shared/core";
import {
  CURRENT_BUILDKIT,
  contextFromFiles,
  historyWithLayers,
  listingSize,
  openDockerSession,
  studyBuild,
} from "@layercake/shared/engine";
import { renderLayerDiagram } from "@layercake/shared/scenario";
import { ComponentType, TextInputStyle } from "discord.js";
import { LIMITS } from "../core/limits.ts";
import { COLORS, notice, truncate } from "../core/render.ts";
import type { BotContext, Incoming, MessageBody, Reply } from "../core/types.ts";

export const simulateCommand = {
  name: "simulate",
  description: "Build a Dockerfile on Layercake's engine: layers, sizes, cache decisions, a diagram",
};

export function simulateModal(): Reply {
  return {
    kind: "modal",
    modal: {
      custom_id: "sim:form",
      title: "Simulate a build",
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.TextInput,
              custom_id: "dockerfile",
              label: "Dockerfile (base images: tiny:1, alpine, …)",
              style: TextInputStyle.Paragraph,
              required: true,
              max_length: LIMITS.dockerfile,
              value: 'FROM tiny:1\nRUN echo hello > /hello\nCMD ["cat", "/hello"]',
            },
          ],
        },
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.TextInput,
              custom_id: "command",
              label: "Command to run in a container (optional)",
              style: TextInputStyle.Short,
              required: false,
              max_length: LIMITS.command,
            },
          ],
        },
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.TextInput,
              custom_id: "builder",
              label: "Builder: buildkit or classic",
              style: TextInputStyle.Short,
              required: false,
              max_length: 8,
              value: "buildkit",
            },
          ],
        },
      ],
    },
  };
}

/** Runs the simulation; pure apart from the clock the engine is given. */
export function simulate(ctx: BotContext, fields: Record<string, string>): MessageBody {
  const dockerfile = fields.dockerfile ?? "";
  const command = (fields.command ?? "").trim();
  const builder = (fields.builder ?? "buildkit").trim().toLowerCase() === "classic" ? "classic" : "buildkit";
  const session = openDockerSession({
    clock: createSimulatedClock(Date.UTC(2026, 0, 1), 1000),
    profile: CURRENT_BUILDKIT,
    seed: "discord-simulate",
    pulled: [],
  });
  // Build, rebuild unchanged (the cache at work), run the command in a container of the first image.
  const { first, rebuild, run } = studyBuild(session, {
    build: { dockerfile, context: contextFromFiles({}), builder, tags: ["simulated:latest"] },
    rebuild: {},
    ...(command === "" ? {} : { run: { on: "first" as const, command, id: "d15c0rd5".repeat(8) } }),
  });
  if (!first.ok || !first.image || !rebuild) {
    const problems =
      first.diagnostics
        .map((diagnostic) => `line ${diagnostic.range.start.line}: ${diagnostic.message}`)
        .join("\n") ||
      first.failure?.message ||
      "the build failed";
    return {
      embeds: [
        {
          title: "The build failed",
          description: truncate(`\`\`\`\n${problems}\n\`\`\``, 4096),
          color: COLORS.wrong,
        },
      ],
      ephemeral: true,
    };
  }
  const image = first.image;
  const steps = first.steps
    .filter((step) => step.layer !== "nothing")
    .map((step, index) => {
      const cached =
        rebuild.steps.find(
          (candidate) => candidate.instruction === step.instruction && candidate.line === step.line,
        )?.cache === "hit";
      const layer = step.layer === "layer" ? `layer ${listingSize(step.diff?.size ?? 0)}` : "history only";
      return `\`${index + 1}\` ${truncate(step.instruction, 70)} — ${layer}${cached ? " · cached on rebuild" : ""}`;
    });
  const history = image.config.history;
  const layers = historyWithLayers(image).map(({ entry, layer }) => ({
    createdBy: entry.created_by ?? "",
    size: layer?.size ?? 0,
    empty: entry.empty_layer === true,
  }));
  const svg = renderLayerDiagram({ image: "simulated:latest", layers });
  const png = ctx.renderPng(svg);
  const total = image.layers.reduce((sum, layer) => sum + layer.size, 0);
  const fieldsOut = [
    { name: "Steps (first build; rebuild cache)", value: truncate(steps.join("\n") || "—", 1024) },
    {
      name: "Image",
      value: `${image.layers.length} filesystem layers, ${history.length} history entries, ${listingSize(total)} (${builder === "classic" ? "classic builder" : "BuildKit"})`,
    },
  ];
  if (run !== undefined) {
    const diff = run.diff.map((entry) => `${entry.kind} ${entry.path}`);
    fieldsOut.push(
      {
        name: `$ ${truncate(command, 200)} (exit ${run.exitCode})`,
        value: truncate(`\`\`\`\n${(run.stdout + run.stderr).trim() || "(no output)"}\n\`\`\``, 1024),
      },
      {
        name: `docker diff · writable layer ${listingSize(run.size.sizeRw)}`,
        value: truncate(`\`\`\`\n${diff.join("\n") || "(no changes)"}\n\`\`\``, 1024),
      },
    );
  }
  return {
    embeds: [
      {
        title: "Simulated build",
        description: "Computed by Layercake's engine (the same one the site and the lessons use).",
        color: COLORS.question,
        fields: fieldsOut,
        ...(png ? { image: { url: "attachment://layers.png" } } : {}),
      },
    ],
    ...(png ? { files: [{ name: "layers.png", data: png, description: "The image's layer stack" }] } : {}),
  };
}

export function handleSimulateModal(ctx: BotContext, incoming: Incoming): Reply {
  if (incoming.kind !== "modal") return notice("Unsupported.");
  const dockerfile = incoming.fields.dockerfile ?? "";
  if (dockerfile.trim() === "") return notice("The Dockerfile is empty.");
  if (dockerfile.length > LIMITS.dockerfile)
    return notice(`The Dockerfile is ${dockerfile.length} characters; the limit is ${LIMITS.dockerfile}.`);
  if ((incoming.fields.command ?? "").length > LIMITS.command)
    return notice(`The command is longer than ${LIMITS.command} characters.`);
  return { kind: "deferred", ephemeral: false, work: () => simulate(ctx, incoming.fields) };
}
