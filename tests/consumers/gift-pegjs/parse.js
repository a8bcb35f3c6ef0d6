// Reads GIFT text on stdin and prints gift-pegjs's parse of it as JSON on stdout.
// On a syntax error it prints {"error": message, "line": n, "column": n} and exits 1.
"use strict";
const { parse, SyntaxError } = require("gift-pegjs");

const chunks = [];
process.stdin.on("data", (chunk) => chunks.push(chunk));
process.stdin.on("end", () => {
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    process.stdout.write(JSON.stringify(parse(text)));
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    const at = err.location.start;
    process.stdout.write(JSON.stringify({ error: err.message, line: at.line, column: at.column }));
    process.exitCode = 1;
  }
});
