/** go-units: how Docker prints sizes (see human-size.ts). */
export { bytesSize, humanSize, humanSizeWithPrecision, listingSize } from "./human-size.ts";
