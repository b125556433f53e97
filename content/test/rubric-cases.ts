/**
 * Answers a learner could give to each open question, for rubrics.test.ts: right ones in the
 * learner's own words and wrong ones that use the rubric's words. A new open question needs its
 * entry here.
 */
export interface RubricCases {
  /** Right answers in the learner's words, not the model answer's. */
  right: string[];
  /** Wrong answers that use the rubric's words. */
  wrong: string[];
  /** Answers that must not earn the named points (whether or not they pass on others). */
  misses?: Array<{ text: string; points: string[] }>;
}

export const cases: Record<string, RubricCases> = {
  "basics-explain-image-container": {
    right: [
      "An image is an immutable template: a set of layers plus some configuration. When you start a container, Docker puts a thin read-write layer over those layers and runs a process in it. Several containers can use the same image at once because the layers underneath are shared rather than copied. A container's changes stay in its own layer until you delete the container.",
    ],
    wrong: [
      "An image is not read-only, and a container has no writable layer; nothing is shared and there is no process. docker rm does nothing.",
      "read-only writable layer shared process docker rm",
      "An image is a read-only stack of layers. A container is a full copy of the image: starting one copies every layer into a writable layer where its process runs, and stopping it deletes the writable layer.",
    ],
    misses: [{ text: "Containers don't share layers.", points: ["shared"] }],
  },
  "bi-vm-open": {
    right: [
      "A VM runs a full guest operating system with its own kernel on virtual hardware. A container is just a process on the host that the kernel isolates with namespaces and cgroups, so all containers use the same kernel as the host. The image only holds the files of the root file system and a config. Containers therefore start in milliseconds, but they are less isolated than VMs.",
    ],
    wrong: [
      "A container is a small VM: it boots its own kernel from the image, which is why an Ubuntu image runs the Ubuntu kernel. Namespaces and cgroups are just for networking.",
    ],
  },
  "cache-explain": {
    right: [
      "Every instruction gets a cache key from the result of the step before it plus its own inputs. For a RUN the input is just the command string, so it is reused as long as the text is the same. COPY and ADD hash the content, mode and names of the files they copy, and the modification time does not matter. Once a step misses, all subsequent steps run again because their parent changed.",
    ],
    wrong: [
      "Each step's cache depends on the previous step. RUN apt-get update is cached by its command text, but the cache expires after a while and the RUN is re-run once the cache is old. COPY uses the files' modification times, so touching a file busts the cache, and only the changed step runs again while the later steps stay cached.",
    ],
  },
  "cm-explain": {
    right: [
      "Many people think that deleting a file in a later RUN makes the image smaller. In fact the earlier layer is immutable, so the rm only adds a whiteout and the bytes stay where they were. You can see it with docker history: the first step keeps its size and the rm step shows 0B.",
    ],
    wrong: [
      "A myth is that rm in a later RUN does not help. In reality the whiteout frees the space, and docker images shows the image shrink once the file is gone.",
    ],
  },
  "cl-explain": {
    right: [
      "The writable layer belongs to the container: you can stop and restart it and the files are still there, but once you docker rm the container that layer is gone. If you want the changes as an image you can docker commit them into a new layer. Anything that has to outlive the container should live on a volume, because volume data never goes into the writable layer.",
    ],
    wrong: [
      "Stopping a container removes its data, and a restart starts from a clean image. docker rm does the same as stop. docker commit saves the container as a new image, and you can use a volume.",
      "stop keeps rm removes commit new layer volume bind mount",
    ],
    misses: [{ text: "Stopping a container removes its data.", points: ["stop", "rm"] }],
  },
  "cow-explain": {
    right: [
      "The layers of the image are read-only and every container uses the same ones. The first time a process writes to one of those files, overlayfs copies the entire file into the container's writable layer and modifies that copy; even a chmod or chown triggers it. Big write-heavy files such as databases should therefore live on a volume.",
    ],
    wrong: [
      "Image layers are shared and read-only. On the first write, copy-on-write copies only the changed blocks into the writable layer, not the whole file, and chmod is free because it only changes metadata. Use a volume for databases.",
    ],
  },
  "dtl-explain": {
    right: [
      "Not every instruction does. A layer is only made by instructions that change the filesystem: RUN, COPY and ADD, and WORKDIR when it has to create the directory. ENV, LABEL, CMD and the other metadata instructions only change the image config and leave a history entry with no layer. BuildKit keeps a layer for every RUN even if it changed nothing, while the classic builder drops an empty diff. I would count RootFS.Layers in docker image inspect to be sure.",
    ],
    wrong: [
      "Yes, every instruction creates a layer, including ENV and LABEL, because each one changes the config. The classic builder and BuildKit behave the same. docker history shows one row per layer, and WORKDIR adds a row too.",
    ],
  },
  "hk-explain": {
    right: [
      "First I would look at docker system df -v to see what takes the space and what can be reclaimed. The build cache of BuildKit is usually the biggest part on a CI runner, so docker builder prune, maybe with a filter on age. Dangling images left by rebuilt tags go with docker image prune. I would be careful with volumes because they hold data that cannot be rebuilt.",
    ],
    wrong: [
      "Run docker system df, then docker builder prune for the build cache and docker image prune for dangling images. Then run docker volume prune to wipe all the data too, since volumes are just cache.",
      "system df builder prune build cache image prune dangling volume data",
    ],
    misses: [
      { text: "Prune the data.", points: ["volumes-careful"] },
      { text: "Volumes are data, so I run docker volume prune to wipe them.", points: ["volumes-careful"] },
    ],
  },
  "layers-explain-ids": {
    right: [
      "The DiffID is a sha256 over one layer's uncompressed tar, so it only depends on that layer's content. Because the same changes on another base are a different filesystem, the ChainID combines the DiffID with the ChainID of its parent layers, and the local layer store uses it as the key. The image ID, on the classic graphdriver store, is the hash of the image's config JSON. A registry instead names compressed blobs and manifests by their own digests.",
    ],
    wrong: [
      "A DiffID is the digest of the compressed layer blob as the registry stores it. The ChainID is the same as the DiffID, and the image ID is just a hash of the layers, not of any config.",
    ],
  },
  "insp-explain": {
    right: [
      "I would start with docker history to see every step with the size of its layer, then docker image inspect for the config and the list of layers. To see the actual files I would run dive or docker save and look inside each layer tar, which also shows files that a later layer deleted.",
    ],
    wrong: [
      "docker history cannot show layer sizes, and deleted files are gone from every layer, so docker save is pointless; I would just inspect the running container with docker ps.",
    ],
  },
  "iv-big-image-open": {
    right: [
      "I would look at docker history or dive to find the big layers. Files removed in a later RUN still count, because the earlier layer keeps them. I would clean up caches in the same RUN that creates them, and switch to a multi-stage build that copies only the artifacts into a small final stage.",
    ],
    wrong: [
      "Check docker history, then delete the big files in a later RUN so they no longer count, and use alpine.",
      "Use alpine. Run the cleanup in the same RUN and check docker history.",
    ],
    misses: [{ text: "Use alpine.", points: ["multi-stage"] }],
  },
  "iv-cache-open": {
    right: [
      "A step is reused when its parent step and its inputs are the same as last time: a RUN by its command text, a COPY by a checksum of the files it copies. As soon as one step misses, all the steps after it run again. That is why I copy the dependency manifests like package.json and install them before copying the rest of the source.",
    ],
    wrong: [
      "A step is reused when its parent is unchanged; COPY is keyed by the files' timestamps and RUN by its command text. Only the changed step runs again; the later steps stay cached, so the order of the Dockerfile does not matter and I copy the source first.",
    ],
  },
  "iv-cow-open": {
    right: [
      "When a container first writes to a file that lives in an image layer, overlayfs copies the entire file up into the container's writable layer and changes the copy there. Changing only its permissions with chmod does the same. That is expensive for big files, so databases go on volumes.",
    ],
    wrong: [
      "On the first write, only the changed blocks are copied up, never the whole file, and chmod does not copy anything. Volumes are slower, so keep data in the container.",
    ],
  },
  "iv-image-container-open": {
    right: [
      "An image is an immutable bundle of filesystem layers and a config. A container is a running instance of it that gets its own thin writable layer on top, while all containers of that image share its layers. The writable layer is deleted when the container is removed, and docker commit can turn it into a new image.",
    ],
    wrong: [
      "An image is not read-only and a container has no writable layer of its own; nothing is shared between containers. docker rm does nothing.",
      "A container is a copy of the image: every container copies all the image's layers when it starts. The image is read-only, the container has a writable layer, and docker rm removes it.",
    ],
    misses: [{ text: "Containers don't share layers.", points: ["shared"] }],
  },
  "iv-layer-open": {
    right: [
      "A layer is a tar archive of the filesystem changes one build step made. Steps like ENV or LABEL do not change files, so they only get a history entry. A deleted file is recorded as a whiteout entry. Layers are immutable and identified by the digest of their content.",
    ],
    wrong: [
      "A layer is a full snapshot of the whole filesystem after each Dockerfile line; every instruction makes one, including ENV. Deleted files are removed from the earlier layer, so there is no whiteout. Layers are immutable.",
    ],
  },
  "ms-explain": {
    right: [
      "Each FROM begins a new stage and only the last stage becomes the image. The compiler and the package caches stay in the build stage; the final stage starts from a minimal base such as distroless and uses COPY --from to take just the built binary. The limit is that whatever you copy still ships in full.",
    ],
    wrong: [
      "Multi-stage builds compress the layers, so the layers of every stage end up in the final image but smaller; all stages ship, including the compiler.",
    ],
  },
  "overlay-explain": {
    right: [
      "OverlayFS stacks the image layers as read-only lower directories and puts the container's writable layer on top as the upper directory; the container sees the merged view, where the higher layer wins for a name. Nothing is copied when the container starts, so every container shares the same lower layers. A write to a file from below copies it up first, and deleting one leaves a whiteout.",
    ],
    wrong: [
      "OverlayFS copies the image's layers into the container when it starts, so each container gets its own copy. There is no upper directory and nothing is merged; the lower layers are written in place.",
    ],
  },
  "sec-explain": {
    right: [
      "The key still sits in the earlier layer, because the rm only adds a whiteout on top. Anyone who can pull the image can extract it from the layer tar with docker save. Treat it as leaked and rotate it. Then pass it with RUN --mount=type=ssh or a secret mount so it never lands in a layer.",
    ],
    wrong: [
      "Deleting the key in the last line removes it from the image, so there is no problem: the key is not in any earlier layer and docker save cannot extract it. No need to rotate the key.",
    ],
  },
  "size-explain": {
    right: [
      "Both images are built on the same base, and the layers they have in common are stored only once, by ChainID. docker images adds up every layer of an image, including the shared ones, so each image is counted in full. docker system df -v shows how much of each is shared and how much is unique.",
    ],
    wrong: [
      "Nothing is shared between the two images; docker images shows the compressed size while the disk holds the uncompressed one, and system df is wrong.",
    ],
  },
  "wh-explain": {
    right: [
      "The apt lists were written by an earlier RUN, and that layer is immutable, so the bytes are still in the image. The later RUN can only add whiteout entries that hide the files. To save the space, update, install and remove the lists in the same RUN, or use a multi-stage build.",
    ],
    wrong: [
      "It does reduce the size: the rm deletes the files from the earlier layer, and the whiteout frees the space. Using the same RUN is only for readability.",
    ],
  },
};
