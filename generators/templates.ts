/** Name templates (`{placeholder}` text) compiled once, filled per record without regexes. */

export type TemplateValues = Readonly<Record<string, string | number>>;
export type Template = (values: TemplateValues) => string;

export function compileTemplate(template: string): Template {
  const parts = template.split(/\{(\w+)\}/);
  return (values) => {
    let out = '';
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      if (i % 2 === 0) out += part;
      else {
        const value = values[part];
        if (value === undefined) throw new Error(`template "${template}" needs {${part}}`);
        out += value;
      }
    }
    return out;
  };
}
