import type { InjectionKey, Ref } from 'vue'

/** The scale of the wall's design canvas on screen (provided by WallCanvas). */
export const CANVAS_SCALE: InjectionKey<Readonly<Ref<number>>> = Symbol('canvasScale')
