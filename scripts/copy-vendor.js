// Copies the pinned front-end files from node_modules into the app's static folder.
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const files = [
  ["node_modules/htmx.org/dist/htmx.min.js", "directory/static/vendor/htmx.min.js"],
];
for (const [from, to] of files) {
  fs.mkdirSync(path.dirname(path.join(root, to)), { recursive: true });
  fs.copyFileSync(path.join(root, from), path.join(root, to));
}
