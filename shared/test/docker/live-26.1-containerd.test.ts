/** The live replay against the Docker 26.1-containerd daemon (live-replay.ts). */
import { describeLiveReplay } from "./live-replay.ts";

describeLiveReplay("26.1-containerd");
