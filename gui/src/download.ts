/** Saves `text` as a file the browser downloads ("Click Save in the dialog window that appears", §4.10.6, §4.14). */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}
