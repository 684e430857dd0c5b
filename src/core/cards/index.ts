/**
 * The cards room's front door: the add-card page's two steps, for the engine (and the types
 * src/http renders). /ml cards and its buttons are reached through the registry.
 */
export {
  type AddCardForm,
  type AddCardInput,
  type AddCardNotice,
  type AddCardView,
  completeAddCard,
  openAddCardPage,
} from './add-card-flow.ts';
