/**
 * Every field of every exported Schema model in `src/schema/` has a doc
 * comment: the fields of `Schema.Struct({...})`, `Schema.TaggedStruct(tag,
 * {...})`, `Schema.Class<X>(id)({...})`, `Schema.TaggedClass<X>()(tag,
 * {...})` and `Schema.TaggedError<X>()(tag, {...})`, read with the
 * TypeScript compiler API.
 *
 * A model counts when it is exported (an exported class extending one, or
 * an exported constant built from one outside of any function), or when an
 * exported model names it (a private `const Inner = Schema.Struct(...)` used
 * as a field, or a fields object such as `RpcOptionsFields` spread into it,
 * followed through identifiers and imports between the files of
 * `src/schema/`). The private Schemas that exported checkers such as
 * `validateCallOptions` decode with are not models users see, and are not
 * checked. A field needs a `/** ... *\/` comment with some text right before
 * it. Offenders are listed as `file:line Model.field`.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import ts from "typescript"
import { describe, expect, it } from "vitest"
import { listTs, ownSourcesProgram, rel, srcDir } from "../support/sourceProgram.js"

const schemaDir = path.join(srcDir, "schema")

/** The Schema constructors whose object literal argument is a model's fields. */
const modelConstructors = new Set(["Struct", "TaggedStruct", "Class", "TaggedClass", "TaggedError", "ErrorClass"])

/** `Schema.X<...>(...)(...)` → `X` when the innermost callee is `Schema.X`, else `undefined`. */
const modelConstructorOf = (call: ts.CallExpression): string | undefined => {
  let callee: ts.Expression = call.expression
  while (ts.isCallExpression(callee)) callee = callee.expression
  if (
    ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) &&
    callee.expression.text === "Schema" && modelConstructors.has(callee.name.text)
  ) {
    return callee.name.text
  }
  return undefined
}

const unwrap = (expr: ts.Expression): ts.Expression => {
  let e = expr
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression
  return e
}

/** The declared name of the model a constructor call builds, for messages. */
const modelNameOf = (node: ts.Node): string => {
  for (let n: ts.Node | undefined = node; n !== undefined; n = n.parent) {
    if ((ts.isVariableDeclaration(n) || ts.isClassDeclaration(n)) && n.name !== undefined) return n.name.getText()
    if (ts.isPropertyAssignment(n)) return n.name.getText()
  }
  return "?"
}

const hasDocComment = (node: ts.Node): boolean => {
  const sf = node.getSourceFile()
  const ranges = ts.getLeadingCommentRanges(sf.text, node.pos) ?? []
  return ranges.some((range) => {
    const text = sf.text.slice(range.pos, range.end)
    return text.startsWith("/**") && text.replace(/^\/\*\*|\*\/$/g, "").replace(/^\s*\*/gm, "").trim() !== ""
  })
}

interface Offender {
  readonly file: string
  readonly line: number
  readonly name: string
}

const lineOf = (node: ts.Node): number => {
  const sf = node.getSourceFile()
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1
}

/**
 * The offenders among the models reached from the exported declarations of
 * `files` (a subset of `allFiles`, which the program is built over).
 */
export const undocumentedSchemaFields = (
  allFiles: ReadonlyArray<string>,
  files: ReadonlyArray<string>
): Array<Offender> => {
  const program = ownSourcesProgram(allFiles)
  const checker = program.getTypeChecker()
  const own = new Set(files.map((file) => path.resolve(file)))
  const ownFile = (sf: ts.SourceFile): boolean => own.has(path.resolve(sf.fileName))

  const offenders: Array<Offender> = []
  const visitedDeclarations = new Set<ts.Node>()
  const checkedLiterals = new Set<ts.ObjectLiteralExpression>()

  /**
   * Whether an exported declaration is a Schema model: an exported class
   * extending one, or an exported constant whose value builds one outside of
   * any function (the private Schemas that option checkers such as
   * `validateCallOptions` decode with are not models users see).
   */
  const buildsModel = (statement: ts.Statement): boolean => {
    let found = false
    const walk = (node: ts.Node): void => {
      if (found || ts.isFunctionLike(node)) return
      if (ts.isCallExpression(node) && modelConstructorOf(node) !== undefined) found = true
      else ts.forEachChild(node, walk)
    }
    if (ts.isClassDeclaration(statement)) (statement.heritageClauses ?? []).forEach(walk)
    else if (ts.isVariableStatement(statement)) statement.declarationList.declarations.forEach(walk)
    return found
  }

  /** The variable declaration an identifier names, among our own sources. */
  const declarationOf = (id: ts.Identifier): ts.VariableDeclaration | undefined => {
    let symbol = checker.getSymbolAtLocation(id)
    if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol)
    const decl = symbol?.valueDeclaration
    return decl !== undefined && ts.isVariableDeclaration(decl) && ownFile(decl.getSourceFile()) ? decl : undefined
  }

  /** Checks a fields argument: an object literal, or a name of one, with its spreads followed. */
  const checkFields = (expr: ts.Expression, model: string): void => {
    const e = unwrap(expr)
    if (ts.isIdentifier(e)) {
      const decl = declarationOf(e)
      if (decl?.initializer !== undefined) {
        visit(decl)
        checkFields(decl.initializer, decl.name.getText())
      }
      return
    }
    if (!ts.isObjectLiteralExpression(e) || checkedLiterals.has(e)) return
    checkedLiterals.add(e)
    for (const property of e.properties) {
      if (ts.isSpreadAssignment(property)) {
        checkFields(property.expression, model)
        continue
      }
      if (!hasDocComment(property)) {
        offenders.push({
          file: rel(property.getSourceFile().fileName),
          line: lineOf(property),
          name: `${model}.${property.name?.getText() ?? "?"}`
        })
      }
    }
  }

  /** Walks a declaration: every model built in it, and every module-local declaration it names. */
  const visit = (declaration: ts.Node): void => {
    if (visitedDeclarations.has(declaration)) return
    visitedDeclarations.add(declaration)
    const walk = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const ctor = modelConstructorOf(node)
        if (ctor !== undefined) {
          const fields = node.arguments.find((arg) => !ts.isStringLiteralLike(unwrap(arg)))
          if (fields !== undefined) checkFields(fields, modelNameOf(node))
        }
      }
      if (ts.isIdentifier(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
        const decl = declarationOf(node)
        if (decl !== undefined && decl !== declaration) visit(decl)
      }
      ts.forEachChild(node, walk)
    }
    walk(declaration)
  }

  for (const file of files) {
    const sf = program.getSourceFile(file)
    if (sf === undefined) throw new Error(`not in the program: ${rel(file)}`)
    for (const statement of sf.statements) {
      const exported = ts.canHaveModifiers(statement) &&
        (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      if (exported && buildsModel(statement)) visit(statement)
    }
  }
  return offenders.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
}

const format = (o: Offender): string => `${o.file}:${o.line} ${o.name}`

describe("Schema model field docs", () => {
  it("every field of every exported Schema model in src/schema has a doc comment", () => {
    const offenders = undocumentedSchemaFields(listTs(srcDir), listTs(schemaDir))
    expect(offenders.map(format)).toEqual([])
  })

  it("finds a field without a doc comment, in a model and in a fields object it spreads", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "schemaDocs-"))
    try {
      const file = path.join(dir, "Sample.ts")
      fs.writeFileSync(
        file,
        [
          `import * as Schema from "effect/Schema"`,
          `const shared = {`,
          `  /** Documented. */`,
          `  a: Schema.String,`,
          `  b: Schema.String`,
          `}`,
          `const Inner = Schema.Struct({ c: Schema.Number })`,
          `/** A model. */`,
          `export const Model = Schema.Struct({`,
          `  ...shared,`,
          `  /** Documented. */`,
          `  inner: Inner,`,
          `  // a line comment is not a doc comment`,
          `  d: Schema.String`,
          `})`,
          `/** A class. */`,
          `export class Klass extends Schema.Class<Klass>("Klass")({`,
          `  /** */`,
          `  e: Schema.String,`,
          `  /** Documented. */`,
          `  f: Schema.String`,
          `}) {}`,
          `/** An error. */`,
          `export class Failed extends Schema.TaggedError<Failed>()("Failed", { g: Schema.String }) {}`,
          `const Unused = Schema.Struct({ h: Schema.String })`,
          `const Private = Schema.Struct({ i: Schema.String })`,
          `/** Not a model: a checker decoding with a private Schema. */`,
          `export const check = (u: unknown) => Schema.decodeUnknownSync(Private)(u)`,
          ``
        ].join("\n")
      )
      const offenders = undocumentedSchemaFields([file], [file]).map((o) => o.name).sort()
      expect(offenders).toEqual(["Failed.g", "Inner.c", "Klass.e", "Model.d", "shared.b"])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
