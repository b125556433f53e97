import { createEnginePool } from "./src/adapters/engine-pool.ts";

const pool = createEnginePool();
const t0 = performance.now();
const b = pool.submit("u2", {
  kind: "simulate",
  dockerfile: "FROM tiny:1\nRUN echo one; ls /nope; exit 2\n",
  command: "",
  builder: "buildkit",
});
if (!b.busy)
  console.log("fail", JSON.stringify(await b.result).slice(0, 500), (performance.now() - t0).toFixed(0));
const bomb = `FROM tiny:1\nRUN x=ab; ${"x=$x$x; ".repeat(26)}echo \${#x}\n`;
const a = pool.submit("u1", { kind: "simulate", dockerfile: bomb, command: "", builder: "buildkit" });
const c = pool.submit("u2", {
  kind: "simulate",
  dockerfile: "FROM tiny:1\nRUN echo one; ls /nope; exit 2\n",
  command: "",
  builder: "buildkit",
});
if (!a.busy)
  console.log("bomb", JSON.stringify(await a.result).slice(0, 300), (performance.now() - t0).toFixed(0));
if (!c.busy)
  console.log("after", JSON.stringify(await c.result).slice(0, 300), (performance.now() - t0).toFixed(0));
await pool.close();
