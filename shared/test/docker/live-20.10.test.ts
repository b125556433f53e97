/** The live replay against the Docker 20.10 daemon (live-replay.ts). */
import { describeLiveReplay } from "./live-replay.ts";

describeLiveReplay("20.10");
