/**
 * `/simulate`: a modal takes a Dockerfile (and optionally a command); an engine worker builds it,
 * rebuilds it (the cache at work), runs the command in a container, and the reply shows each step
 * with what it adds and why, the layers and sizes, and a layer diagram as a PNG. A failed build
 * shows the failing step and the last lines of its output, to its author only.
 */
import type { DockerProfile } from "@layercake/shared/core";
import { learnerProfile } from "@layercake/shared/engine";
import { ComponentType, InteractionContextType, TextInputStyle } from "discord-api-types/v10";
import { busyMessage, type EngineJobValue, limitMessage } from "../discord-free/engine-jobs.ts";
import { LIMITS } from "../discord-free/limits.ts";
import type { SimulationRequest } from "../discord-free/simulation.ts";
import { COLORS, notice, truncate } from "../messages/render.ts";
import type { BotContext, Command, ComponentIncoming, MessageBody, Reply } from "../messages/types.ts";

/** The modal, its builder filled in with the one the user's Docker uses. */
export function simulateModal(profile: DockerProfile): Reply {
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
              value: learnerProfile(profile).builder,
            },
          ],
        },
      ],
    },
  };
}

/** The worker's report as Discord embeds (a failure is a short ephemeral message). */
export function simulationMessage(
  report: EngineJobValue<{ kind: "simulate" } & SimulationRequest>,
): MessageBody {
  if (!report.ok) {
    const output = report.outputTail.length
      ? `\n\n**Its last output lines**\n\`\`\`\n${report.outputTail.join("\n")}\n\`\`\``
      : "";
    const problems = report.problems.length ? `\n\n\`\`\`\n${report.problems.join("\n")}\n\`\`\`` : "";
    return {
      embeds: [
        {
          title: "The build failed",
          description: truncate(
            `Simulated on ${learnerProfile(report.profile).label}.\n${report.failedStep ? `**Failing step:** \`${truncate(report.failedStep, 200)}\`\n` : ""}**Error:** ${report.message}${output}${problems}`,
            4000,
          ),
          color: COLORS.wrong,
        },
      ],
      ephemeral: true,
    };
  }
  const steps = report.steps.map(
    (step, index) =>
      `\`${index + 1}\` ${truncate(step.instruction, 60)} — **${step.adds}**: ${truncate(step.why, 140)}`,
  );
  const rebuild =
    report.rebuild.firstMiss === undefined
      ? `Rebuilt with nothing changed: all ${report.rebuild.checked} cache-checked step(s) came from the cache.`
      : `Rebuilt with nothing changed: ${report.rebuild.cached} of ${report.rebuild.checked} step(s) came from the cache; \`${truncate(report.rebuild.firstMiss, 60)}\` ran again (${report.rebuild.firstMissWhy ?? ""}).`;
  const fields = [
    { name: "Steps: what each adds, and why", value: truncate(steps.join("\n") || "—", 1024) },
    {
      name: "Image",
      value: `${report.layerCount} filesystem layers, ${report.historyCount} history entries, ${report.totalSize} (${report.builder === "classic" ? "classic builder" : "BuildKit"})`,
    },
    { name: "Cache", value: truncate(rebuild, 1024) },
  ];
  if (report.run) {
    fields.push(
      {
        name: `$ ${truncate(report.run.command, 200)} (exit ${report.run.exitCode})`,
        value: truncate(`\`\`\`\n${report.run.output || "(no output)"}\n\`\`\``, 1024),
      },
      {
        name: `docker diff · writable layer ${report.run.writableSize}`,
        value: truncate(`\`\`\`\n${report.run.diff.join("\n") || "(no changes)"}\n\`\`\``, 1024),
      },
    );
  }
  const png = report.png;
  return {
    embeds: [
      {
        title: "Simulated build",
        description: `Simulated on **${learnerProfile(report.profile).label}** (\`/config docker\` changes it) by Layercake's engine, the same one the site and the lessons use.`,
        color: COLORS.question,
        fields,
        ...(png ? { image: { url: "attachment://layers.png" } } : {}),
      },
    ],
    ...(png ? { files: [{ name: "layers.png", data: png, description: "The image's layer stack" }] } : {}),
  };
}

export async function handleSimulateModal(ctx: BotContext, incoming: ComponentIncoming): Promise<Reply> {
  if (incoming.kind !== "modal") return notice("Unsupported.");
  const dockerfile = incoming.fields.dockerfile ?? "";
  if (dockerfile.trim() === "") return notice("The Dockerfile is empty.");
  if (dockerfile.length > LIMITS.dockerfile)
    return notice(`The Dockerfile is ${dockerfile.length} characters; the limit is ${LIMITS.dockerfile}.`);
  const command = (incoming.fields.command ?? "").trim();
  if (command.length > LIMITS.command)
    return notice(`The command is longer than ${LIMITS.command} characters.`);
  const { dockerProfile: profile } = await ctx.storage.getUserSettings(incoming.actor.id);
  // An empty builder field means the one the user's Docker uses (the classic builder on 20.10).
  const typed = (incoming.fields.builder ?? "").trim().toLowerCase();
  const builder = typed === "classic" || typed === "buildkit" ? typed : learnerProfile(profile).builder;
  const admitted = ctx.engine.submit(incoming.actor.id, {
    kind: "simulate",
    dockerfile,
    command,
    builder,
    profile,
  });
  if (admitted.busy) return notice(busyMessage(admitted));
  // The thinking message is ephemeral until the result is known: a success is then posted in the
  // channel, a failure or a stopped job stays with its author.
  return {
    kind: "deferred",
    ephemeral: true,
    work: async () => {
      const outcome = await admitted.result;
      if (!outcome.ok) return notice(limitMessage(outcome));
      const body = simulationMessage(outcome.value);
      return { kind: "message", body: { ...body, ephemeral: body.ephemeral === true } };
    },
  };
}

export const simulate = {
  data: {
    name: "simulate",
    description: "Build a Dockerfile on Layercake's engine: layers, sizes, cache decisions, a diagram",
    contexts: [InteractionContextType.Guild],
  },
  execute: async (ctx, incoming) =>
    simulateModal((await ctx.storage.getUserSettings(incoming.actor.id)).dockerProfile),
  componentPrefix: "sim",
  handleComponent: handleSimulateModal,
} satisfies Command;
