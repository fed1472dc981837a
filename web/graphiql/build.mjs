// Copies the prebuilt browser files of GraphiQL, React and the explorer plugin out of
// node_modules (installed from package-lock.json by `npm ci`) into the Python package's static
// folder, where the app serves them under /static/vendor/: GET /graphql then loads nothing
// from another origin. The output is git-ignored and rebuilt from the lock file.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const output = join(here, "..", "..", "schema", "http", "static", "vendor");

// [package, file in the package, name served under /static/vendor/]
const files = [
  ["react", "umd/react.production.min.js", "react.production.min.js"],
  ["react-dom", "umd/react-dom.production.min.js", "react-dom.production.min.js"],
  ["graphiql", "graphiql.min.js", "graphiql.min.js"],
  ["graphiql", "graphiql.min.css", "graphiql.min.css"],
  ["@graphiql/plugin-explorer", "dist/index.umd.js", "graphiql-plugin-explorer.umd.js"],
  ["@graphiql/plugin-explorer", "dist/style.css", "graphiql-plugin-explorer.css"],
];

// The source maps are not copied, so the comments pointing at them are dropped too (else a
// browser's developer tools ask for files that are not there).
const withoutSourceMap = (text) => text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");

rmSync(output, { recursive: true, force: true });
mkdirSync(join(output, "licenses"), { recursive: true });

const packages = {};
for (const [name, file, served] of files) {
  const root = join(modules, name);
  if (!existsSync(join(root, file))) {
    throw new Error(`${name}/${file} is missing: run \`npm ci\` in ${here} first`);
  }
  writeFileSync(join(output, served), withoutSourceMap(readFileSync(join(root, file), "utf8")));
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  packages[name] = { version: manifest.version, license: manifest.license };
  const license = join(root, "LICENSE");
  if (existsSync(license)) {
    copyFileSync(license, join(output, "licenses", `${name.replace("/", "__")}.txt`));
  }
}

// Written last: its presence says the copy finished, and the lock's hash says from what.
const lock = readFileSync(join(here, "package-lock.json"));
const built = {
  lock_sha256: createHash("sha256").update(lock).digest("hex"),
  packages,
  files: files.map(([, , served]) => served),
};
writeFileSync(join(output, "built.json"), `${JSON.stringify(built, null, 2)}\n`);
console.log(`GraphiQL assets written to ${output}`);
