/**
 * Doc coverage of the public API, read from the sources with the TypeScript
 * compiler API (what `npm run docs` turns into the API reference):
 *
 * - every public module (`src/*.ts`, `src/testing/*.ts`) starts with a module
 *   doc comment with a description and `@since`, and is re-exported from its
 *   entry point (`src/index.ts`, `src/testing/index.ts`);
 * - every export of every file under `src/` but `src/internal/` has a doc
 *   comment with a description (or merges with a described declaration of the
 *   same name, as a Schema's type does with the Schema), top-level exports
 *   carry `@since X.Y.Z`, and so do `export * as X` namespaces; exported
 *   namespace members and public members of exported classes have a doc
 *   comment;
 * - every property and method signature of every exported interface (also in
 *   exported namespaces) and of an object type literal that is directly the
 *   type of an exported type alias (or a member of its top-level union or
 *   intersection, or a branch of its conditional type) has a doc comment
 *   with a description (offenders as `file:line Interface.field`): options are
 *   "documented field by field" (DESIGN §9). Only fields named by a
 *   well-known symbol or a `TypeId` brand (`[TypeId]`, `[Symbol.iterator]`)
 *   are exempt: they are type-level brands, not fields a user sets or reads;
 * - every export of a public module, followed through re-exports, is declared
 *   outside `src/internal/` and not marked `@internal`.
 *
 * Each check fails with the full list of offenders, `file:line name: problem`.
 */
import * as path from "node:path"
import ts from "typescript"
import { describe, expect, it } from "vitest"
import { listTs, ownSourcesProgram, rel, srcDir } from "../support/sourceProgram.js"

const isInternalFile = (file: string): boolean => rel(file).startsWith("src/internal/")

/** Every source file, `src/internal/` included (exports are resolved through it). */
const allFiles = listTs(srcDir)

/** Every source file that is not in `src/internal/`: the files whose exports are checked. */
const sourceFiles = allFiles.filter((file) => !isInternalFile(file))

/** The public modules: `src/*.ts` and `src/testing/*.ts`. */
const isPublicModule = (file: string): boolean => /^src\/(testing\/)?[^/]+\.ts$/.test(rel(file))
const publicModules = sourceFiles.filter(isPublicModule)

interface Offender {
  readonly file: string
  readonly line: number
  readonly name: string
  readonly problem: string
}

const format = (o: Offender): string => `${o.file}:${o.line} ${o.name}: ${o.problem}`

const lineOf = (node: ts.Node): number => {
  const sf = node.getSourceFile()
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1
}

/** The JSDoc blocks directly attached to a node (for a variable: its statement). */
const jsDocsOf = (node: ts.Node): ReadonlyArray<ts.JSDoc> =>
  ts.getJSDocCommentsAndTags(node).filter((d): d is ts.JSDoc => ts.isJSDoc(d))

const commentText = (comment: ts.JSDoc["comment"]): string =>
  comment === undefined ? "" : typeof comment === "string" ? comment : ts.getTextOfJSDocComment(comment) ?? ""

const hasTag = (node: ts.Node, name: string): boolean =>
  jsDocsOf(node).some((doc) => (doc.tags ?? []).some((tag) => tag.tagName.text === name))

const sinceOf = (node: ts.Node): string | undefined => {
  for (const doc of jsDocsOf(node)) {
    for (const tag of doc.tags ?? []) {
      if (tag.tagName.text === "since") return commentText(tag.comment).trim()
    }
  }
  return undefined
}

const hasDescription = (node: ts.Node): boolean => jsDocsOf(node).some((doc) => commentText(doc.comment).trim() !== "")

const isExported = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)

const isPrivateMember = (node: ts.Node): boolean =>
  (ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some((m) =>
      m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword
    )) ||
  (ts.isClassElement(node) && node.name !== undefined && ts.isPrivateIdentifier(node.name))

const nameOf = (node: ts.Node): string => {
  if (
    (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node) ||
      ts.isTypeAliasDeclaration(node) || ts.isEnumDeclaration(node) || ts.isModuleDeclaration(node) ||
      ts.isVariableDeclaration(node) || ts.isClassElement(node)) && node.name !== undefined
  ) {
    return node.name.getText()
  }
  return ts.SyntaxKind[node.kind]
}

const program = ownSourcesProgram(allFiles)
const checker = program.getTypeChecker()
const sourceFile = (file: string): ts.SourceFile => {
  const sf = program.getSourceFile(file)
  if (sf === undefined) throw new Error(`not in the program: ${rel(file)}`)
  return sf
}

/** The name node of a declaration, where it has one. */
const declarationName = (node: ts.Node): ts.Node | undefined =>
  ts.isVariableDeclaration(node) || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) ||
    ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isEnumDeclaration(node) ||
    ts.isModuleDeclaration(node)
    ? node.name
    : undefined

/**
 * Whether another declaration of the same name merges with this one and has
 * a description: the `export type X = typeof X.Type` beside
 * `export const X = Schema.Struct(...)`, or the namespace beside a tag class.
 */
const mergedWithDescribed = (node: ts.Node): boolean => {
  const name = declarationName(node)
  const symbol = name === undefined ? undefined : checker.getSymbolAtLocation(name)
  return (symbol?.declarations ?? []).some((d) => d !== node && hasDescription(d))
}

/**
 * Checks one declaration: a doc comment with a description, and for a
 * top-level export `@since` too. A declaration that merges with a described
 * one of the same name (a Schema's type beside the Schema, a namespace beside
 * its interface or class) needs no description of its own. `@internal`
 * declarations are exported for other files of the library, not for users:
 * they need a doc comment, nothing more, and must not reach a public module
 * (checked below).
 */
const checkDeclaration = (
  node: ts.Node,
  name: string,
  topLevel: boolean,
  offenders: Array<Offender>
): void => {
  const file = rel(node.getSourceFile().fileName)
  const line = lineOf(node)
  const docs = jsDocsOf(node)
  if (docs.length === 0) {
    offenders.push({ file, line, name, problem: "no doc comment" })
    return
  }
  if (hasTag(node, "internal")) return
  if (!hasDescription(node) && !mergedWithDescribed(node)) {
    offenders.push({ file, line, name, problem: "doc comment has no description" })
  }
  if (topLevel) {
    const since = sinceOf(node)
    if (since === undefined) offenders.push({ file, line, name, problem: "no @since" })
    else if (!/^\d+\.\d+\.\d+$/.test(since)) offenders.push({ file, line, name, problem: `bad @since "${since}"` })
  }
}

/** Public members of an exported class: each needs a doc comment. */
const checkClassMembers = (node: ts.ClassDeclaration, offenders: Array<Offender>): void => {
  for (const member of node.members) {
    if (ts.isConstructorDeclaration(member) || ts.isClassStaticBlockDeclaration(member)) continue
    if (ts.isSemicolonClassElement(member) || ts.isIndexSignatureDeclaration(member)) continue
    if (isPrivateMember(member)) continue
    if (member.name !== undefined && ts.isComputedPropertyName(member.name)) continue // symbols: Equal, Hash, ...
    if (
      (ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member) ||
        ts.isSetAccessorDeclaration(member)) &&
      (ts.getModifiers(member) ?? []).some((m) => m.kind === ts.SyntaxKind.OverrideKeyword)
    ) continue // documented where it is declared first
    // Overloads: the first signature carries the doc.
    if (ts.isMethodDeclaration(member)) {
      const first = node.members.find((m) => ts.isMethodDeclaration(m) && m.name.getText() === member.name.getText())
      if (first !== member) continue
    }
    if (jsDocsOf(member).length === 0) {
      offenders.push({
        file: rel(node.getSourceFile().fileName),
        line: lineOf(member),
        name: `${node.name?.getText() ?? "default"}.${nameOf(member)}`,
        problem: "no doc comment"
      })
    }
  }
}

/** Exported members of an exported namespace (`prefix` ends with its name and a dot): each needs a doc comment. */
const checkNamespace = (node: ts.ModuleDeclaration, prefix: string, offenders: Array<Offender>): void => {
  const body = node.body
  if (body === undefined) return
  if (ts.isModuleDeclaration(body)) {
    checkDeclaration(body, `${prefix}${body.name.getText()}`, false, offenders)
    checkNamespace(body, `${prefix}${body.name.getText()}.`, offenders)
    return
  }
  if (!ts.isModuleBlock(body)) return
  checkStatements(body.statements, prefix, false, offenders)
}

const checkStatements = (
  statements: ts.NodeArray<ts.Statement>,
  prefix: string,
  topLevel: boolean,
  offenders: Array<Offender>
): void => {
  const seenFunctions = new Set<string>()
  for (const statement of statements) {
    if (ts.isExportDeclaration(statement)) {
      // `export * as Name from "..."` is a namespace of the API: it needs its doc.
      const clause = statement.exportClause
      if (clause !== undefined && ts.isNamespaceExport(clause)) {
        checkDeclaration(statement, `${prefix}${clause.name.text}`, topLevel, offenders)
      }
      // `export * from` and `export { a } from` re-export declarations that
      // are checked where they are declared (and through the public surface below).
      continue
    }
    if (!isExported(statement)) continue
    if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        checkDeclaration(decl, `${prefix}${decl.name.getText()}`, topLevel, offenders)
      }
      continue
    }
    if (ts.isFunctionDeclaration(statement)) {
      const name = statement.name?.text ?? "default"
      if (seenFunctions.has(name)) continue // later overloads and the implementation
      seenFunctions.add(name)
      checkDeclaration(statement, `${prefix}${name}`, topLevel, offenders)
      continue
    }
    if (
      ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement) || ts.isModuleDeclaration(statement)
    ) {
      const name = `${prefix}${nameOf(statement)}`
      checkDeclaration(statement, name, topLevel, offenders)
      if (ts.isClassDeclaration(statement)) checkClassMembers(statement, offenders)
      if (ts.isModuleDeclaration(statement)) checkNamespace(statement, `${name}.`, offenders)
    }
  }
}

/**
 * A field named by a well-known symbol or a `TypeId` brand (`[TypeId]`,
 * `[WorkflowHandleTypeId]`, `[Symbol.iterator]`, `[Equal.symbol]`): a brand,
 * exempt from the field doc check. Every other field needs a description.
 */
const isBrandField = (name: ts.PropertyName): boolean => {
  if (!ts.isComputedPropertyName(name)) return false
  const expr = name.expression
  if (ts.isIdentifier(expr)) return expr.text.endsWith("TypeId")
  if (ts.isPropertyAccessExpression(expr)) {
    const isSymbolBuiltin = ts.isIdentifier(expr.expression) && expr.expression.text === "Symbol"
    return isSymbolBuiltin || /TypeId$|^symbol$/.test(expr.name.text)
  }
  return false
}

/** The fields (property and method signatures) of an interface or type literal: each needs a description. */
const checkFields = (
  members: ts.NodeArray<ts.TypeElement>,
  owner: string,
  offenders: Array<Offender>
): void => {
  const seenMethods = new Set<string>()
  for (const member of members) {
    if (!ts.isPropertySignature(member) && !ts.isMethodSignature(member)) continue // index, call, construct signatures
    if (isBrandField(member.name)) continue
    const field = member.name.getText()
    if (ts.isMethodSignature(member)) {
      if (seenMethods.has(field)) continue // overloads: the first signature carries the doc
      seenMethods.add(field)
    }
    const problem = jsDocsOf(member).length === 0
      ? "no doc comment"
      : hasDescription(member)
      ? undefined
      : "doc comment has no description"
    if (problem !== undefined) {
      const file = rel(member.getSourceFile().fileName)
      offenders.push({ file, line: lineOf(member), name: `${owner}.${field}`, problem })
    }
  }
}

/**
 * The object type literals that are directly the type of a type alias: the
 * type itself, the members of a top-level union or intersection, or the
 * branches of a top-level conditional type (`WorkflowArgsOption`). Literals
 * nested deeper (in a field's or a parameter's type) are not checked.
 */
const directTypeLiterals = (type: ts.TypeNode): Array<ts.TypeLiteralNode> => {
  if (ts.isTypeLiteralNode(type)) return [type]
  if (ts.isParenthesizedTypeNode(type)) return directTypeLiterals(type.type)
  if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type)) return type.types.flatMap(directTypeLiterals)
  if (ts.isConditionalTypeNode(type)) {
    return [...directTypeLiterals(type.trueType), ...directTypeLiterals(type.falseType)]
  }
  return []
}

/** The fields of the exported interfaces and type-literal aliases of `statements`, into exported namespaces. */
const checkExportedFields = (
  statements: ts.NodeArray<ts.Statement>,
  prefix: string,
  offenders: Array<Offender>
): void => {
  for (const statement of statements) {
    if (!isExported(statement)) continue
    if (ts.isInterfaceDeclaration(statement)) {
      checkFields(statement.members, `${prefix}${statement.name.text}`, offenders)
    } else if (ts.isTypeAliasDeclaration(statement)) {
      for (const literal of directTypeLiterals(statement.type)) {
        checkFields(literal.members, `${prefix}${statement.name.text}`, offenders)
      }
    } else if (ts.isModuleDeclaration(statement)) {
      let body = statement.body
      let name = `${prefix}${statement.name.getText()}.`
      while (body !== undefined && ts.isModuleDeclaration(body)) {
        name = `${name}${body.name.getText()}.`
        body = body.body
      }
      if (body !== undefined && ts.isModuleBlock(body)) checkExportedFields(body.statements, name, offenders)
    }
  }
}

const moduleDocOf = (sf: ts.SourceFile): string | undefined => {
  const text = sf.getFullText()
  const first = ts.getLeadingCommentRanges(text, 0)?.[0]
  if (first === undefined || first.kind !== ts.SyntaxKind.MultiLineCommentTrivia) return undefined
  const comment = text.slice(first.pos, first.end)
  return comment.startsWith("/**") ? comment : undefined
}

describe("API documentation", () => {
  it("finds the sources", () => {
    expect(sourceFiles.length).toBeGreaterThan(10)
    expect(publicModules.map(rel)).toContain("src/index.ts")
    expect(publicModules.map(rel)).toContain("src/testing/index.ts")
    for (const file of allFiles) expect(program.getSourceFile(file), rel(file)).toBeDefined()
  })

  it("every public module (src/*.ts, src/testing/*.ts) starts with a module doc comment (description, @since)", () => {
    const offenders: Array<string> = []
    for (const file of publicModules) {
      const doc = moduleDocOf(sourceFile(file))
      if (doc === undefined) {
        offenders.push(`${rel(file)}:1 module: no module doc comment at the top of the file`)
        continue
      }
      const body = doc.replace(/^\/\*\*|\*\/$/g, "").split("\n").map((l) => l.replace(/^\s*\*?\s?/, ""))
      const description = body.filter((l) => !l.startsWith("@")).join("").trim()
      if (description === "") offenders.push(`${rel(file)}:1 module: module doc comment has no description`)
      if (!body.some((l) => /^@since \d+\.\d+\.\d+/.test(l))) {
        offenders.push(`${rel(file)}:1 module: module doc comment has no @since`)
      }
    }
    expect(offenders, `modules without a proper module doc comment:\n${offenders.join("\n")}`).toEqual([])
  })

  it("every export of every file under src/ (but src/internal/) is documented", () => {
    const offenders: Array<Offender> = []
    for (const file of sourceFiles) checkStatements(sourceFile(file).statements, "", true, offenders)
    const list = offenders.map(format)
    expect(list, `${list.length} undocumented exports:\n${list.join("\n")}`).toEqual([])
  })

  it("every field of an exported interface or type-literal alias under src/ (but src/internal/) is documented", () => {
    const offenders: Array<Offender> = []
    for (const file of sourceFiles) checkExportedFields(sourceFile(file).statements, "", offenders)
    const list = offenders.map((o) => `${o.file}:${o.line} ${o.name}`)
    expect(list, `${list.length} undocumented fields (brands [TypeId] / [Symbol.x] exempt):\n${list.join("\n")}`)
      .toEqual([])
  })

  it("every export of a public module resolves to a documented, non-internal declaration", () => {
    const offenders: Array<string> = []
    for (const file of publicModules) {
      const moduleSymbol = checker.getSymbolAtLocation(sourceFile(file))
      if (moduleSymbol === undefined) continue // a file with no exports
      for (const exported of checker.getExportsOfModule(moduleSymbol)) {
        const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
        const where = `${rel(file)} export ${exported.name}`
        for (const decl of target.declarations ?? []) {
          const declFile = decl.getSourceFile().fileName
          if (!declFile.startsWith(srcDir + path.sep)) continue // from a dependency (e.g. a re-exported effect type)
          if (ts.isSourceFile(decl)) continue // `export * as X`: the module itself, checked as a module
          const loc = `${rel(declFile)}:${lineOf(decl)}`
          if (isInternalFile(declFile)) {
            offenders.push(`${where}: declared in private ${loc}`)
          } else if (jsDocsOf(decl).length === 0 && !ts.isModuleDeclaration(decl)) {
            offenders.push(`${where}: no doc comment at ${loc}`)
          } else if (hasTag(decl, "internal")) {
            offenders.push(`${where}: marked @internal at ${loc}`)
          }
        }
      }
    }
    const unique = [...new Set(offenders)]
    expect(unique, `${unique.length} public exports without a public, documented declaration:\n${unique.join("\n")}`)
      .toEqual([])
  })

  it("the package entry points re-export every public module", () => {
    const reexported = (index: string): Set<string> =>
      new Set(
        sourceFile(path.join(srcDir, index)).statements.flatMap((s) =>
          ts.isExportDeclaration(s) && s.moduleSpecifier !== undefined && ts.isStringLiteral(s.moduleSpecifier)
            ? [s.moduleSpecifier.text.replace(/^\.\//, "").replace(/\.js$/, ".ts")]
            : []
        )
      )
    const missing: Array<string> = []
    const main = reexported("index.ts")
    const testing = reexported("testing/index.ts")
    for (const file of publicModules) {
      const r = rel(file)
      if (r === "src/index.ts" || r === "src/testing/index.ts") continue
      const name = path.basename(r)
      const inTesting = r.startsWith("src/testing/")
      if (inTesting ? !testing.has(name) : !main.has(name)) {
        missing.push(`${r}: not re-exported from ${inTesting ? "src/testing/index.ts" : "src/index.ts"}`)
      }
    }
    expect(missing, missing.join("\n")).toEqual([])
  })
})
