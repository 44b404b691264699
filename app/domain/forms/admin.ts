import { z } from "zod";
import { GATES, ROLES } from "~/db/schema";

export const createDepartmentSchema = z.object({
  intent: z.literal("createDepartment"),
  name: z.string({ required_error: "请填写单位名称" }).trim().min(2, "请填写单位名称").max(60, "单位名称不超过 60 个字符"),
  code: z
    .string({ required_error: "请填写单位代码" })
    .trim()
    .regex(/^[a-z][a-z0-9-]{1,19}$/, "单位代码为 2–20 位小写字母、数字或连字符，以字母开头"),
  kind: z.enum(["drafting", "office"], { errorMap: () => ({ message: "请选择单位类型" }) }),
});

export const createUserSchema = z.object({
  intent: z.literal("createUser"),
  username: z
    .string({ required_error: "请填写用户名" })
    .trim()
    .regex(/^[A-Za-z0-9_.-]{2,32}$/, "用户名为 2–32 位字母、数字、下划线、点或连字符"),
  displayName: z.string({ required_error: "请填写姓名" }).trim().min(1, "请填写姓名").max(40, "姓名不超过 40 个字符"),
  role: z.enum(ROLES, { errorMap: () => ({ message: "请选择角色" }) }),
  departmentId: z.coerce.number({ invalid_type_error: "请选择单位" }).int().positive("请选择单位"),
  password: z.string({ required_error: "请设置初始密码" }).min(8, "密码至少 8 位").max(128, "密码不超过 128 位"),
});

export const setUserActiveSchema = z.object({
  intent: z.literal("setUserActive"),
  userId: z.coerce.number().int().positive(),
  active: z.enum(["0", "1"]).transform((v) => v === "1"),
});

export const assignGateSchema = z.object({
  intent: z.literal("assignGate"),
  departmentId: z.coerce.number().int().positive(),
  gate: z.enum(GATES),
  reviewerId: z.coerce.number({ invalid_type_error: "请选择审核人" }).int().positive("请选择审核人"),
});

export const adminActionSchema = z.discriminatedUnion("intent", [
  createDepartmentSchema,
  createUserSchema,
  setUserActiveSchema,
  assignGateSchema,
]);
