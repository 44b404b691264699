import { z } from "zod";

export const loginSchema = z.object({
  username: z
    .string({ required_error: "请输入用户名" })
    .trim()
    .min(1, "请输入用户名")
    .max(64, "用户名不超过 64 个字符"),
  password: z.string({ required_error: "请输入密码" }).min(1, "请输入密码").max(256, "密码不超过 256 个字符"),
  redirectTo: z.string().optional(),
});
