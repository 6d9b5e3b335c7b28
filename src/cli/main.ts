async function main(argv: string[]): Promise<number> {
  console.log('ilacs', argv.join(' '));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  },
);
