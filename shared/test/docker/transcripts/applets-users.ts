import type { Transcript } from "../transcript.ts";
import { dockerfile } from "../transcript.ts";

/**
 * Users and permissions on tiny:1, whose busybox (Debian's busybox-static) is built without
 * adduser, addgroup and install: accounts are written into /etc/passwd and /etc/group by hand, as
 * Dockerfiles on such images do; then id, chown by name, number, `:group`, `user:` and
 * `user.group`, chmod in every mode form (octal, symbolic with who/op/perm lists, X, s, t, copies,
 * umask-limited `+w`), USER by name.
 */
export const transcript = {
  name: "applets-users",
  description:
    "Accounts appended to /etc/passwd and /etc/group, id, chown and chmod in every form, USER by name, adduser/addgroup missing from the applet set: modes and owners, layer entries, messages.",
  rules: ["R4"],
  context: {
    Dockerfile: dockerfile(
      "FROM tiny:1",
      "RUN cd /bin && for a in id chown chmod stat; do ln -s busybox $a; done",
      "RUN echo 'app:x:1000:2000:App:/home/app:/bin/sh' >> /etc/passwd && echo 'svc:x:100:101::/:/bin/false' >> /etc/passwd && printf 'root:x:0:\\nstaff:x:2000:\\nsvcgroup:x:101:app,svc\\n' > /etc/group && mkdir -p /home/app && chown app:staff /home/app",
      "RUN mkdir /m /d2 && touch /m/f1 /m/f2 /m/f3 /m/f4 /m/f5 /m/f6 /m/f7 /m/f8 /m/f9 /m/f10 /d2/inner && chmod 640 /m/f1 && chmod u+x,g-r,o+w /m/f2 && chmod a=rx /m/f3 && chmod go= /m/f4 && chmod u=rw,g=u,o=g /m/f5 && chmod 4755 /m/f6 && chmod u+s,g+s /m/f7 && chmod 0 /m/f8 && chmod +w,-r /m/f9 && chmod 1777 /m/f10 && chmod +t,g+s /d2 && chmod -R a+rX,o-w /d2",
      "RUN touch /c1 /c2 /c3 /c4 /c5 /c6 && chown app /c1 && chown app:staff /c2 && chown :svcgroup /c3 && chown 1000:2000 /c4 && chown app. /c5 && chown 123:456 /c6 && chown -R app /d2",
      "USER app",
      "RUN id > /home/app/id.txt",
    ),
  },
  steps: [
    { kind: "build", tag: "exp:users" },
    { kind: "layers", image: "exp:users" },
    {
      kind: "run",
      args: [
        "--rm",
        "-u",
        "0",
        "exp:users",
        "sh",
        "-c",
        "cat /etc/passwd /etc/group /home/app/id.txt; id app; id -u app; id -G app; id -nG app; id -g svc; id -un 1000; stat -c '%a %A %n' /m/* /d2 /d2/inner; stat -c '%u:%g %U:%G %n' /c* /d2/inner; ls -a /home/app",
      ],
    },
    { kind: "run", args: ["--rm", "exp:users", "id"] },
    { kind: "run", args: ["--rm", "-u", "svc", "exp:users", "sh", "-c", "id; id -nG"] },
    {
      kind: "run",
      args: [
        "--rm",
        "-u",
        "0",
        "exp:users",
        "sh",
        "-c",
        '/bin/busybox adduser -D x; echo "exit $?"; /bin/busybox addgroup x; echo "exit $?"; chown nosuch /c1; echo "exit $?"; chmod 9 /c1; echo "exit $?"; chown app:nosuch /c1; echo "exit $?"; id nosuch; echo "exit $?"',
      ],
    },
  ],
} satisfies Transcript;
