// @ts-check
/**
 * TypeDoc plugin for the API reference (`npm run docs`).
 *
 * A Schema class built with `Base.extend<Self>(...)` gets an instance type that
 * intersects the extended struct with the base class, so the TypeScript
 * checker gives each inherited field a symbol listing the same field
 * declaration twice. TypeDoc then sees two commented declarations and warns
 * that it picks one arbitrarily, although both are the same comment. This
 * plugin removes the repeated declarations from the property symbols TypeDoc
 * reads, so each field keeps its single comment.
 */
import { Converter } from "typedoc"

/** @param {import("typescript").Symbol | undefined} symbol */
const dedupe = (symbol) => {
  const declarations = symbol?.declarations
  if (declarations !== undefined && new Set(declarations).size !== declarations.length) {
    symbol.declarations = [...new Set(declarations)]
  }
  return symbol
}

const patched = new WeakSet()

/** @param {import("typedoc").Application} app */
export const load = (app) => {
  app.converter.on(Converter.EVENT_BEGIN, (context) => {
    for (const program of context.programs) {
      const checker = program.getTypeChecker()
      if (patched.has(checker)) continue
      patched.add(checker)
      const getPropertiesOfType = checker.getPropertiesOfType.bind(checker)
      const getPropertyOfType = checker.getPropertyOfType.bind(checker)
      checker.getPropertiesOfType = (type) => {
        const properties = getPropertiesOfType(type)
        for (const property of properties) dedupe(property)
        return properties
      }
      checker.getPropertyOfType = (type, name) => dedupe(getPropertyOfType(type, name))
    }
  })
}
