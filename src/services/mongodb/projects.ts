import type { ActionContext } from "../../platform/service";

/**
 * The account's projects, as far as MongoDB needs them: ids that ProjectId members must name. Every account
 * has the default project 0; more are added through the control API (POST /_tclocal/mongodb/projects),
 * standing in for the console's project management.
 */
export interface Project {
  projectId: number;
  name: string;
  createdAt: number;
}

export const DEFAULT_PROJECT: Project = { projectId: 0, name: "默认项目", createdAt: 0 };
/** Real project ids are 7-digit numbers. */
const FIRST_PROJECT_ID = 1_000_001;

function projects(ctx: ActionContext<"mongodb">) {
  return ctx.docs<Project>("project", { region: "*" });
}

export async function listProjects(ctx: ActionContext<"mongodb">): Promise<Project[]> {
  return [DEFAULT_PROJECT, ...(await projects(ctx).all())];
}

export async function projectExists(ctx: ActionContext<"mongodb">, projectId: number | bigint): Promise<boolean> {
  return (await listProjects(ctx)).some((p) => p.projectId === Number(projectId));
}

export async function createProject(ctx: ActionContext<"mongodb">, name: string): Promise<Project> {
  const all = await projects(ctx).all();
  const projectId = all.reduce((max, p) => Math.max(max, p.projectId + 1), FIRST_PROJECT_ID);
  const project: Project = { projectId, name, createdAt: ctx.now() };
  await projects(ctx).insert(String(projectId), project);
  return project;
}
